"""The served /api/v1/openapi.json is a valid OpenAPI 3.1 document. Prints 'N passed, N failed'."""
import json
import os
import sys
import tempfile
import urllib.request

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from server import Server


def main():
    folder = tempfile.mkdtemp(prefix="wps-openapi-")
    server = Server(os.path.join(folder, "wps.sqlite"), demo=False)
    try:
        with urllib.request.urlopen(server.url + "/api/v1/openapi.json") as response:
            document = json.load(response)
    finally:
        server.stop()
    try:
        validate(document)
    except OpenAPIValidationError as error:
        print("invalid OpenAPI document:", error)
        print("0 passed, 1 failed")
        return 1
    ok = document.get("openapi") == "3.1.0"
    print(f"OpenAPI {document.get('openapi')}: {len(document['paths'])} paths, valid")
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
