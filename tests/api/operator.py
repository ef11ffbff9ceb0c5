"""The operator's token the API tests configure (it alone reads /metrics)."""

OPERATOR_TOKEN = "operator-test-token"
OPERATOR_HEADERS = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
