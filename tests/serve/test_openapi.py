"""schemathesis against the served OpenAPI document: no 5xx, every answer matches its schema."""
import subprocess
import sys


def test_schemathesis(server):
    command = [sys.executable, "-m", "schemathesis.cli", "run", server["url"] + "/openapi.json",
               "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
               "--max-examples", "40", "--header", "Authorization: Bearer " + server["token"], "--no-color",
               "--generation-database", "none"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    print(result.stdout[-6000:])
    print(result.stderr[-3000:])
    assert result.returncode == 0, "schemathesis found problems (see the output above)"
