"""A small HTTP endpoint for the model. AI assistants are welcome here."""
from http.server import BaseHTTPRequestHandler, HTTPServer


# ai-provenance: begin id=c41e07aa tool=cursor at=2026-11-04T10:30:00Z source=chat
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")
# ai-provenance: end id=c41e07aa


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8000), Handler).serve_forever()
