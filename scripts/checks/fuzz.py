"""Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the readers of untrusted bytes:
CSV, .xlsx, multipart forms and the API's JSON input. Each target starts from seeds written
here (well-formed files and near misses) and runs for WPS_FUZZ_SECONDS (default 45). Any crash,
hang past 10 s, memory past 2 GB or leak fails the check; the input that did it is printed in
base64 and kept under the work folder, to be replayed with `.build/debug/wps-fuzz TARGET FILE`.

Prints 'N passed, N failed' (one per target).
"""
import base64
import io
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build", "fuzz", "debug", "wps-fuzz")


def xlsx(rows, shared=True):
    """A small workbook as Excel writes one: shared strings, a date style, one sheet."""
    strings = sorted({cell for row in rows for cell in row if not cell.isdigit()})
    def cell(ref, value):
        if value.isdigit():
            return f'<c r="{ref}"><v>{value}</v></c>'
        if shared:
            return f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    sheet_rows = "".join(
        f'<row r="{r + 1}">' + "".join(cell(f"{chr(65 + c)}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="0"/>'
        '<sheets><sheet name="Osoblje" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{sheet_rows}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
    }
    if shared:
        files["xl/sharedStrings.xml"] = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                         + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def seeds():
    people = [["Spol", "Čin", "Jedinica", "Godina rođenja"], ["Ž", "poručnik", "1. bataljon", "1990"], ["M", "kapetan", "Štab", "1985"]]
    csv_utf8 = "\r\n".join(";".join(row) for row in people).encode("utf-8")
    multipart_body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"institution_id\"\r\n\r\n7\r\n"
                      b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"osoblje.csv\"\r\n"
                      b"Content-Type: text/csv\r\n\r\n" + csv_utf8 + b"\r\n--XyZ--\r\n")
    return {
        "csv": [csv_utf8, "\r\n".join(";".join(row) for row in people).encode("cp1250"),
                b'sex,rank,"unit, with comma","note ""quoted"""\nF,OR-4,"A\nB",x\n', b"\xef\xbb\xbfa\tb\n1\t2\n",
                "a;b\n1;2".encode("utf-16"), b"=cmd|' /C calc'!A0;+1;-1;@SUM(A1)\n"],
        "xlsx": [xlsx(people), xlsx(people, shared=False), xlsx([["a"]])[:200]],
        "multipart": [b"XyZ\n" + multipart_body, b'"quoted boundary"\n--quoted boundary\r\n\r\n--quoted boundary--'],
        "json": [b'{"name":"Agencija","kind":"gender_mechanism","country":"BA","level":"state","version":3}',
                 b'{"given_name":"Ana","positions":[{"institution_id":1,"title":"Direktorica","since":"2020-01-01","until":""}],"languages":["bs"]}',
                 b'{"institution_id":4,"reference_date":"2024-12-31","total":12,"counts":[{"sex":"female","n":7},{"n":1e3},{"n":-1}]}',
                 b'{"version":9007199254740993,"n":1.5,"since":"2023-02-29","name":null,"counts":{}}'],
    }


def main():
    seconds = int(os.environ.get("WPS_FUZZ_SECONDS", "45"))
    print("building the fuzz targets with libFuzzer and AddressSanitizer …", flush=True)
    build = subprocess.run(["swift", "build", "--product", "wps-fuzz", "-Xswiftc", "-sanitize=fuzzer,address",
                            "-Xswiftc", "-DFUZZING", "--build-path", os.path.join(ROOT, ".build", "fuzz")],
                           cwd=ROOT, capture_output=True, text=True)
    if build.returncode != 0:
        print(build.stdout[-4000:], build.stderr[-4000:])
        print("0 passed, 1 failed")
        return 1
    work = tempfile.mkdtemp(prefix="wps-fuzz-")
    # Two leaks in swift-corelibs-foundation, not in our code, are waived and nothing else:
    # - one buffer per thread for file-system paths (FoundationEssentials _ThreadLocal, once);
    # - FoundationXML's XMLParser leaks its error object (about 72 bytes) on each malformed XML
    #   document (_CFErrorCreateFromXMLInterface): a refused .xlsx costs ~1 KB until restart.
    suppressions = os.path.join(work, "lsan.supp")
    with open(suppressions, "w") as rules:
        rules.write("leak:withFileSystemRepresentation\nleak:_CFErrorCreateFromXMLInterface\n")
    passed = failed = 0
    only = os.environ.get("WPS_FUZZ_TARGETS", "csv,xlsx,multipart,json").split(",")
    for target, inputs in seeds().items():
        if target not in only:
            continue
        corpus = os.path.join(work, target)
        os.makedirs(corpus)
        for index, data in enumerate(inputs):
            with open(os.path.join(corpus, f"seed-{index}"), "wb") as seed:
                seed.write(data)
        # Files found before, kept as test cases (Tests/WPSFormatsTests/Fixtures/bad-files), seed again
        found_before = os.path.join(ROOT, "Tests", "WPSFormatsTests", "Fixtures", "bad-files")
        for name in sorted(os.listdir(found_before)):
            if name.endswith("." + target):
                with open(os.path.join(found_before, name), "rb") as source, open(os.path.join(corpus, name), "wb") as seed:
                    seed.write(source.read())
        artifacts = os.path.join(work, f"{target}-artifacts") + os.sep
        os.makedirs(artifacts)
        run = subprocess.run([BINARY, f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048", "-max_len=65536",
                              f"-artifact_prefix={artifacts}", "-print_final_stats=1", corpus],
                             env=dict(os.environ, WPS_FUZZ_TARGET=target, LSAN_OPTIONS=f"suppressions={suppressions}"), capture_output=True, text=True, timeout=seconds + 300)
        runs = next((line.split()[-1] for line in run.stderr.splitlines() if line.startswith("stat::number_of_executed_units")), "?")
        found = sorted(os.listdir(artifacts))
        if run.returncode == 0 and not found:
            passed += 1
            print(f"{target}: {runs} inputs in {seconds} s, no crash, hang or leak")
        else:
            failed += 1
            print(f"{target}: FAILED after {runs} inputs (exit {run.returncode})")
            print("\n".join(run.stderr.splitlines()[-40:]))
            for name in found:
                with open(os.path.join(artifacts, name), "rb") as artifact:
                    print(f"{name} (base64): {base64.b64encode(artifact.read()[:4096]).decode()}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
