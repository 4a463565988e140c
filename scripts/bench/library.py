"""The library at size: 100,000 generated items in several languages and scripts, our search
through the API (warm) against the same FTS5 query run directly on the SQLite file, and the time
to build the index.

Builds `wps` in release (unless --wps names a binary), loads the demo into a new SQLite database,
writes --items generated items straight into it (titles, summaries and bodies in Bosnian,
Serbian Cyrillic, Croatian, English, Macedonian and Albanian), times `wps library reindex`
(folding and the FTS5 index), then for each query measures the median time of the API's
`GET /api/v1/library?q=…` (which also counts facets and makes snippets) and of the same FTS5
query run directly on the file with Python's sqlite3 (`MATCH`, ranked by bm25, first 20), with the
page statement our search runs beside it. Prints the ratio and a wrk table.

    python3 scripts/bench/library.py --wps .build/release/wps --items 100000
"""
import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse

from personnel import machine
from web import demo_server, ensure_wrk, measure_table, once, release_binary

WORDS = {
    "bs": "pravilnik zaštita seksualno uznemiravanje prijava komandant istraga žrtva podrška obuka policija vojska kadeti rodna "
          "ravnopravnost akcioni plan mjera indikator izvještaj budžet mreža žene mir sigurnost nasilje diskriminacija sankcije".split(),
    "sr-Cyrl": "правилник заштита сексуално узнемиравање пријава командант истрага жртва подршка обука полиција војска кадети родна "
               "равноправност акциони план мера индикатор извештај буџет мрежа жене мир безбедност насиље дискриминација".split(),
    "hr": "pravilnik zaštita spolno uznemiravanje pritužba zapovjednik istraga žrtva potpora izobrazba policija vojska kadeti "
          "ravnopravnost spolova akcijski plan mjera pokazatelj izvješće proračun mreža žene mir sigurnost nasilje".split(),
    "en": "policy protection sexual harassment report commander investigation victim support training police military cadets gender "
          "equality action plan measure indicator budget network women peace security violence discrimination sanctions".split(),
    "mk": "правилник заштита сексуално вознемирување пријава командант истрага жртва поддршка обука полиција армија кадети родова "
          "еднаквост акциски план мерка индикатор извештај буџет мрежа жени мир безбедност насилство".split(),
    "sq": "rregullore mbrojtje ngacmim seksual raportim komandant hetim viktimë mbështetje trajnim policia ushtria kadetët barazi gjinore "
          "plan veprimi masë tregues raport buxhet rrjet gratë paqe siguri dhunë diskriminim".split(),
}
KINDS = ["policy", "regulation", "guideline", "toolkit", "curriculum", "good_practice", "lesson_learnt", "report", "news"]
COUNTRIES = ["BA", "HR", "RS", "ME", "MK", "AL", "XK"]
TOPICS = ["gender_in_military", "police_and_gbv", "nap_development", "gender_training", "sexual_harassment", "gender_budgeting"]
# What a person types, and the FTS5 expression our search makes of it (folded, one ending off, prefixes).
QUERIES = [
    ("pravilnik uznemiravanje", '"pravilnik"* AND "uznemiravanj"*'),
    ("ПРАВИЛНИК", '"pravilnik"*'),
    ("uznemiravanja", '"uznemiravanj"*'),
    ("kadeti obuka", '"kadet"* AND "obuk"*'),
    ("sexual harassment policy", '"sexual"* AND "harassment"* AND "policy"*'),
    ("akcioni plan budžet", '"akcion"* AND "plan"* AND "budzet"*'),
    ("ngacmim seksual", '"ngacmim"* AND "seksual"*'),
    ("вознемирување", '"voznemiruvanj"*'),
    ("žrtva podrška istraga", '"zrtv"* AND "podrsk"* AND "istrag"*'),
    ("gender equality network", '"gender"* AND "equality"* AND "network"*'),
]


def sentence(rng, language, words):
    vocabulary = WORDS[language]
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def fill(database, items, owner):
    rng = random.Random(5)
    connection = sqlite3.connect(database, timeout=60)
    rows = []
    for n in range(items):
        language = rng.choice(list(WORDS))
        year = 2005 + n % 20
        rows.append((rng.choice(KINDS), sentence(rng, language, 6) + f" {n}", sentence(rng, language, 20),
                     "\n\n".join(sentence(rng, language, 40) for _ in range(3)), language, rng.choice(COUNTRIES), owner,
                     "," + ",".join(rng.sample(TOPICS, 2)) + ",", f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}", year,
                     "institution" if n % 10 == 0 else "public", "2026-11-27T00:00:00Z", "2026-11-27T00:00:00Z"))
    connection.executemany("""
        INSERT INTO library_items (kind, title, summary, body, language, group_id, country, owner_id, topics, published_on, published_year,
            visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
    connection.execute("UPDATE library_items SET group_id = id WHERE group_id = 0")
    connection.commit()
    connection.close()


def raw_fts5(connection, expression):
    """The same FTS5 query run directly on the file: the match, ranked by FTS5's own bm25, first 20."""
    return connection.execute("SELECT rowid FROM library_search WHERE library_search MATCH ? ORDER BY rank LIMIT 20", (expression,)).fetchall()


def raw_page(connection, expression):
    """The page statement our search runs for an anonymous reader (one of its two), straight on the file."""
    return connection.execute("""
        SELECT i.id, CASE WHEN i.id IN (SELECT rowid FROM library_search WHERE library_search MATCH ?) THEN 3
            WHEN i.id IN (SELECT rowid FROM library_search WHERE library_search MATCH ?) THEN 2 ELSE 1 END AS tier,
            COALESCE(i.published_on, '') AS published
        FROM library_search s JOIN library_items i INDEXED BY library_items_found ON i.id = s.rowid
        WHERE library_search MATCH ? AND (i.deleted_at IS NULL AND (i.visibility = 'public'))
        ORDER BY tier DESC, published DESC, i.id DESC LIMIT 20""",
        (f"{{title}} : ({expression})", f"{{title summary}} : ({expression})", expression)).fetchall()


def median_ms(action, repeats):
    action()  # warm
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wps", help="a wps binary (default: build it in release)")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    options = parser.parse_args()
    ensure_wrk()
    wps = release_binary(options.wps)
    server, base, log, folder, database, api = demo_server(wps, "wps-library-bench-")
    try:
        owner = api("GET", "/api/v1/institutions?q=ARS")["items"][0]["id"]
        started = time.perf_counter()
        fill(database, options.items, owner)
        written = time.perf_counter() - started
        started = time.perf_counter()
        out = subprocess.run([wps, "library", "reindex", "--database", database], capture_output=True, text=True, check=True).stdout.strip()
        indexed = time.perf_counter() - started
        print(f"Machine: {machine()}; the demo plus {options.items:,} generated items in six languages and two scripts "
              f"(written in {written:.0f} s); release build.")
        print(f"Index build (`wps library reindex`: folding and FTS5 for every item): {indexed:.1f} s ({out})")
        print()
        connection = sqlite3.connect(database)
        print("| query | found | API (warm, median) | the FTS5 query on the file, bm25, 20 (median) | ratio | our page statement on the file |")
        print("|---|---:|---:|---:|---:|---:|")
        ratios = []
        for text, expression in QUERIES:
            url = base + "/api/v1/library?per_page=20&q=" + urllib.parse.quote(text)
            found = api("GET", "/api/v1/library?per_page=20&q=" + urllib.parse.quote(text))["total"]
            ours = median_ms(lambda: once(url), options.repeats)
            raw = median_ms(lambda: raw_fts5(connection, expression), options.repeats)
            page = median_ms(lambda: raw_page(connection, expression), options.repeats)
            ratios.append(ours / raw)
            print(f"| `{text}` | {found:,} | {ours:.1f} ms | {raw:.1f} ms | {ours / raw:.2f}× | {page:.1f} ms |")
        print()
        print(f"Median ratio over the queries: {statistics.median(ratios):.2f}× (target: within 1.5×).")
        print()
        measure_table(base, ["/api/v1/library?q=pravilnik%20uznemiravanje", "/api/v1/library?q=obuka&kind=toolkit", "/library?q=kadeti",
                             "/api/v1/library?language=bs", "/healthz"], options.connections, options.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
