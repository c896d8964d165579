"""Take screenshots of a running Odoo (``make demo``) with headless Chromium.

    python3 tools/screenshot.py OUT.png /odoo/action-crm_customer_info.res_partner_action_customer
    python3 tools/screenshot.py --lang zh_CN OUT.png URL_PATH

Logs in as admin through JSON-RPC, hands the session cookie to Chromium over the
DevTools protocol (websocket-client) and saves a PNG of the page once it is idle.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

BASE = os.environ.get("ODOO_URL", "http://127.0.0.1:8069")
DATABASE = os.environ.get("ODOO_DB", "crm_customer_info_demo")


def login(lang):
    """Authenticate as admin; return the session id (and set the user's language)."""
    payload = {
        "jsonrpc": "2.0",
        "params": {"db": DATABASE, "login": "admin", "password": "admin"},
    }
    request = urllib.request.Request(
        f"{BASE}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"]
        uid = json.load(response)["result"]["uid"]
    session = cookie.split("session_id=")[1].split(";")[0]
    call = {
        "jsonrpc": "2.0",
        "params": {
            "model": "res.users",
            "method": "write",
            "args": [[uid], {"lang": lang}],
            "kwargs": {},
        },
    }
    if lang != "en_US":
        activate = {
            "jsonrpc": "2.0",
            "params": {
                "model": "res.lang",
                "method": "_activate_lang",
                "args": [lang],
                "kwargs": {},
            },
        }
        _rpc(session, activate)
    _rpc(session, call)
    return session


def _rpc(session, payload):
    request = urllib.request.Request(
        f"{BASE}/web/dataset/call_kw",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"session_id={session}"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


class Chromium:
    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="crm-shot-")
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=9333",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as response:
                    pages = [t for t in json.load(response) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"])
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output")
    parser.add_argument("path")
    parser.add_argument("--lang", default="en_US")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to let the page settle")
    args = parser.parse_args()
    session = login(args.lang)
    browser = Chromium(args.width, args.height)
    try:
        browser.send("Network.enable")
        host = BASE.split("//")[1].split(":")[0]
        browser.send("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        browser.send("Page.enable")
        browser.send("Page.navigate", url=f"{BASE}{args.path}")
        time.sleep(args.wait)
        shot = browser.send("Page.captureScreenshot", format="png")
        with open(args.output, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
    finally:
        browser.close()
    print(args.output)


if __name__ == "__main__":
    main()
