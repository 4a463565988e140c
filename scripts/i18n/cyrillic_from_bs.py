"""Writes the Serbian Cyrillic catalogue (sr-Cyrl.json) from the BCS Latin one (bs.json).

Serbian Latin and Cyrillic map letter for letter (lj, nj and dž are one letter each), so the
Cyrillic catalogue is the BCS catalogue transliterated; what is not Serbian text stays as it is:
placeholders ({n}, %d), commands ('wps user add', wps …), addresses, e-mail addresses, file
types and acronyms written in Latin (CSV, XLSX, ISO, OF-1, UNSCR), language codes, and the
words the import and the API take literally (rank, sex, decision_making). A few words have a
settled Cyrillic form of their own (NATO → НАТО, BiH → БиХ, coaching → коучинг).

Keys in OVERRIDES are written by hand, and KEEP puts back examples that are about the script.

Run from the repository: python3 scripts/i18n/cyrillic_from_bs.py
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGUES = os.path.join(HERE, "..", "..", "Sources", "WPSWeb", "Resources", "i18n")

LETTERS = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е", "f": "ф", "g": "г",
    "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "š": "ш", "t": "т", "u": "у", "v": "в", "z": "з", "ž": "ж",
}
DIGRAPHS = {"dž": "џ", "lj": "љ", "nj": "њ"}
# Words with a settled Cyrillic form, and prefixes of borrowed words.
WORDS = {"NATO": "НАТО", "BiH": "БиХ", "UN": "УН", "FBiH": "ФБиХ", "BHS": "БХС", "GGGG-MM-DD": "ГГГГ-ММ-ДД",
         "D.M.GGGG": "Д.М.ГГГГ", "Web": "Веб", "web": "веб"}
PREFIXES = {"coach": "коуч", "Coach": "Коуч"}
# Words the product takes literally (import rules, API values, language codes, the withheld mark).
LITERAL = {"column", "rank", "sex", "category", "position_level", "decision_making", "other", "native", "general",
           "en", "bs", "hr", "sr", "mk", "sq", "ru", "de", "fr", "es", "it", "x", "sr-Cyrl", "A1", "B2", "C1", "C2",
           "Office", "Excel", "Word", "PowerPoint", "OpenDocument"}
# Placeholders, quoted commands and values, addresses, file types, NATO's OF(D), and a command
# line (`wps …`) to the end of the text.
PROTECTED = re.compile(
    r"\{[a-z_]+\}|%[0-9$]*[a-z@]|'[a-z -]*'|https?://\S*|\S+@\S+|\.[a-z]{2,4}\b|OF\(D\)|\bwps [a-z].*?(?=\.?$)")
WORD = re.compile(r"[A-Za-zČčĆćŽžŠšĐđ0-9][A-Za-zČčĆćŽžŠšĐđ0-9_:./-]*[A-Za-zČčĆćŽžŠšĐđ0-9]|[A-Za-zČčĆćŽžŠšĐđ]")

OVERRIDES = {
    "language.name": "Српски (ћирилица)",
}
# Parts of a transliterated text put back as written: examples that are about the script itself.
KEEP = {
    "library.intro": ("правилник, ПРАВИЛНИК и Правилник", "pravilnik, ПРАВИЛНИК и Pravilnik"),
}


def letters(text):
    out = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair.lower() in DIGRAPHS:
            cyr = DIGRAPHS[pair.lower()]
            out.append(cyr.upper() if pair[0].isupper() else cyr)
            i += 2
            continue
        ch = text[i]
        cyr = LETTERS.get(ch.lower())
        out.append(ch if cyr is None else (cyr.upper() if ch.isupper() else cyr))
        i += 1
    return "".join(out)


def word(token):
    if token in WORDS:
        return WORDS[token]
    bare = token.rstrip(".:")
    if bare in WORDS:
        return WORDS[bare] + token[len(bare):]
    if bare in LITERAL:
        return token
    for prefix, cyr in PREFIXES.items():
        if token.startswith(prefix):
            return cyr + letters(token[len(prefix):])
    if ":" in token:
        kind, _, rest = token.partition(":")
        return token if kind in LITERAL else ":".join(word(part) for part in token.split(":"))
    if re.search(r"[qwxyQWXY_@0-9]", token) or re.search(r"[A-Z].*[A-Z]", token):
        return token
    return letters(token)


def transliterate(text):
    out = []
    last = 0
    for match in PROTECTED.finditer(text):
        out.append(WORD.sub(lambda m: word(m.group(0)), text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(WORD.sub(lambda m: word(m.group(0)), text[last:]))
    return "".join(out)


def main():
    with open(os.path.join(CATALOGUES, "bs.json"), encoding="utf-8") as f:
        bs = json.load(f)
    cyrillic = {key: OVERRIDES.get(key, transliterate(value)) for key, value in bs.items()}
    for key, (written, kept) in KEEP.items():
        cyrillic[key] = cyrillic[key].replace(written, kept)
    with open(os.path.join(CATALOGUES, "sr-Cyrl.json"), "w", encoding="utf-8") as f:
        json.dump(cyrillic, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
