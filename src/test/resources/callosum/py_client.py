"""A minimal Callosum client using only the standard library, for the compatibility test.

usage: py_client.py SOCKET TRACT EVENT   (prints the JSON of the first received message whose tract is TRACT and
                                           event is "from-java", then sends {"tract":TRACT,"event":EVENT,"text":...})
"""
import json
import socket
import sys

sock_path, tract, event = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(sock_path)
print("connected", flush=True)
buf = b""
got = None
while got is None:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("server closed the connection")
    buf += chunk
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        msg = json.loads(line.decode("utf-8"))
        if msg.get("tract") == tract and msg.get("event") == "from-java":
            got = msg
            break
print(json.dumps(got, ensure_ascii=False), flush=True)
out = {"tract": tract, "event": event, "text": "pyth\u00f6n \u20ac \U0001d11e"}
s.sendall((json.dumps(out) + "\n").encode("utf-8"))
# wait for our own message to come back, so the server has it before we close
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    buf += chunk
    if b'"' + event.encode() + b'"' in buf:
        break
s.close()
