"""Take screenshots of a running Odoo (``make demo``) with headless Chromium.

    python3 tools/screenshot.py                  # the app page set, English and Chinese
    python3 tools/screenshot.py --only customers --lang zh_CN
    python3 tools/screenshot.py --url /odoo/action-crm_customer_info.crm_customer_log_action OUT.png
    python3 tools/screenshot.py --only portal --only sla --width 1280

The app page set (``SHOTS``) is written to ``crm_customer_info/static/description``
as ``<name>.png`` and ``<name>_zh_CN.png``. Logs in as admin through JSON-RPC,
hands the session cookie to Chromium over the DevTools protocol (websocket-client)
and saves a PNG of each page once it has settled. The ``COMPOSITES`` (the portal as
the demo's portal customer sees it, the SLA badges) are two pages one below the
other, each ``--width`` wide and as high as the part says, saved as a palette PNG to
stay small.
"""

import argparse
import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket
from PIL import Image  # one of Odoo's own requirements

BASE = os.environ.get("ODOO_URL", "http://127.0.0.1:8069")
DATABASE = os.environ.get("ODOO_DB", "crm_customer_info_demo")


def authenticate(login_name, password):
    """Authenticate ``login_name``; return the session id and the user id."""
    payload = {
        "jsonrpc": "2.0",
        "params": {"db": DATABASE, "login": login_name, "password": password},
    }
    request = urllib.request.Request(
        f"{BASE}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        cookie = response.headers["Set-Cookie"]
        answer = json.load(response)
    if "error" in answer:
        raise SystemExit(f"{login_name}: {answer['error']['data']['message']}")
    return cookie.split("session_id=")[1].split(";")[0], answer["result"]["uid"]


def login(lang):
    """Authenticate as admin; return the session id (and set the user's language)."""
    session, uid = authenticate("admin", "admin")
    if not call(session, "res.lang", "search", [["code", "=", lang]]):
        # Install the language (and its translations) as Settings > Languages does.
        lang_ids = call(
            session, "res.lang", "search", [["code", "=", lang], ["active", "=", False]]
        )
        wizard = call(session, "base.language.install", "create", {"lang_ids": [[6, 0, lang_ids]]})
        call(session, "base.language.install", "lang_install", [wizard])
    call(session, "res.users", "write", [uid], {"lang": lang})
    return session


def call(session, model, method, *args):
    """Call ``model.method(*args)`` over JSON-RPC; fail loudly on an Odoo error."""
    payload = {
        "jsonrpc": "2.0",
        "params": {"model": model, "method": method, "args": list(args), "kwargs": {}},
    }
    request = urllib.request.Request(
        f"{BASE}/web/dataset/call_kw",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"session_id={session}"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if "error" in answer:
        raise SystemExit(f"{model}.{method}: {answer['error']['data']['message']}")
    return answer["result"]


class Chromium:
    def __init__(self, width, height, port):
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
                f"--remote-debugging-port={port}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as response:
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


ACTION = "/odoo/action-crm_customer_info."
OUT_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "crm_customer_info",
    "static",
    "description",
)
BEST_CUSTOMER = (
    "res.partner",
    [["customer_number", "!=", False], ["is_company", "=", True], ["level_id", "!=", False]],
    "level_id, id",
)
# The demo's portal customer (demo/crm_customer_sla_demo.xml) and the entry both shots open:
# a complaint of a key account with three SLA policies, a tag and the customer's reply.
PORTAL_LOGIN = "michael.shen@yangtze-chem.example.com"
SLA_ENTRY = ("ir.model.data", "customer_log_yangtze_complaint")
# name: (URL path, record to open (model, domain, order) or None, notebook page to show)
SHOTS = {
    "customers": (f"{ACTION}res_partner_action_customer", None, None),
    "classification": (f"{ACTION}res_partner_action_customer", BEST_CUSTOMER, "crm_classification"),
    "complaints": (f"{ACTION}crm_customer_log_action?view_type=kanban", None, None),
    "visits": (f"{ACTION}crm_customer_visit_action?view_type=calendar", None, None),
    "performance": (f"{ACTION}crm_customer_performance_report_action", None, None),
    "dashboard": (f"{ACTION}crm_customer_performance_dashboard_action", None, None),
}


# name: (login of the user or None for admin,
#        [(URL path, record or None, notebook page, height of the part in pixels)]);
# the parts, each ``--width`` wide, are shot one below the other into one image.
COMPOSITES = {
    "portal": (
        PORTAL_LOGIN,
        [("/my/logs", None, None, 300), ("/my/logs", SLA_ENTRY, None, 880)],
    ),
    "sla": (
        None,
        [
            (f"{ACTION}crm_customer_log_action?view_type=list", None, None, 560),
            (f"{ACTION}crm_customer_log_action", SLA_ENTRY, "sla", 640),
        ],
    ),
}


def find_record(session, model, domain, order=None):
    if model == "ir.model.data":
        found = call(
            session,
            model,
            "search_read",
            [["module", "=", "crm_customer_info"], ["name", "=", domain]],
            ["res_id"],
        )
        if not found:
            raise SystemExit(f"no record crm_customer_info.{domain}: is this the demo database?")
        return found[0]["res_id"]
    found = call(session, model, "search_read", domain, ["id"], 0, 1, order)
    if not found:
        raise SystemExit(f"no {model} matches {domain}: is this the demo database?")
    return found[0]["id"]


READY = (
    "document.readyState === 'complete' && !document.querySelector('.o_loading_indicator')"
    " && !!document.querySelector('.o_action_manager .o_view_controller, .o_action_manager"
    " .o_form_view, .o_action_manager .o_content')"
)
# a portal page (the website-less frontend layout) has loaded, and its chatter (in a
# shadow root) shows its messages
READY_PORTAL = (
    "document.readyState === 'complete' && !!document.querySelector('#wrap')"
    " && (!document.querySelector('.o_portal_chatter') || !!document.querySelector("
    "'#chatterRoot')?.shadowRoot?.querySelector('.o-mail-Message'))"
)
# the notebook page shown, scrolled to the top with what the shot is about (default: the
# notebook itself)
SHOW_PAGE = (
    "(() => {{ document.querySelector('a.nav-link[name=\"{page}\"]').click();"
    ' const target = document.querySelector("{target}") || document.querySelector('
    "'.o_notebook'); target.scrollIntoView({{block: 'start'}}); }})()"
)
SCROLL_TO = {"sla": ".o_form_sheet .o_field_widget[name='priority']"}


def capture(browser, path, page=None, wait=2.0):
    """Open ``path``, wait until Odoo shows the view, optionally open a notebook page.

    Returns the PNG bytes.
    """
    browser.send("Page.navigate", url=f"{BASE}{path}")
    ready_expression = READY if path.startswith("/odoo") else READY_PORTAL
    for _attempt in range(120):
        time.sleep(0.5)
        ready = browser.send("Runtime.evaluate", expression=ready_expression, returnByValue=True)
        if ready.get("result", {}).get("value"):
            break
    else:
        raise SystemExit(f"{path}: the view did not appear within a minute")
    if page:
        target = SCROLL_TO.get(page, ".o_notebook")
        browser.send("Runtime.evaluate", expression=SHOW_PAGE.format(page=page, target=target))
    time.sleep(wait)
    shot = browser.send("Page.captureScreenshot", format="png")
    return base64.b64decode(shot["data"])


def shoot(browser, path, output, page=None, wait=2.0):
    with open(output, "wb") as out:
        out.write(capture(browser, path, page, wait))
    print(output, flush=True)


def stack(images, output):
    """The PNGs one below the other, as a palette PNG (a fraction of the size)."""
    frames = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    width = max(frame.width for frame in frames)
    sheet = Image.new("RGB", (width, sum(frame.height for frame in frames)), "white")
    top = 0
    for frame in frames:
        sheet.paste(frame, (0, top))
        top += frame.height
    sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(output, optimize=True)
    print(output, flush=True)


def resize(browser, width, height):
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )


def open_browser(session, args):
    browser = Chromium(args.width, args.height, args.port)
    browser.send("Network.enable")
    host = BASE.split("//")[1].split(":")[0]
    browser.send("Network.setCookie", name="session_id", value=session, domain=host, path="/")
    browser.send("Page.enable")
    resize(browser, args.width, args.height)
    return browser


def shoot_composite(session, name, suffix, lang, args):
    """The parts of ``COMPOSITES[name]`` as its user (in ``lang``), stacked into one PNG."""
    user, parts = COMPOSITES[name]
    paths = [
        f"{path}/{find_record(session, *record)}" if record else path
        for path, record, _page, _height in parts
    ]
    if user:
        # the admin gives the user the language; the user's own session shoots
        [uid] = call(session, "res.users", "search", [["login", "=", user]])
        call(session, "res.users", "write", [uid], {"lang": lang})
        session, _uid = authenticate(user, "demo")
    browser = open_browser(session, args)
    try:
        images = []
        for path, (_path, _record, page, height) in zip(paths, parts, strict=True):
            resize(browser, args.width, height or args.height)
            images.append(capture(browser, path, page, args.wait))
    finally:
        browser.close()
    stack(images, os.path.join(OUT_DIR, f"{name}{suffix}.png"))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="one page to shoot instead of the app page set")
    parser.add_argument("output", nargs="?", help="PNG file for --url")
    parser.add_argument("--only", action="append", choices=sorted({*SHOTS, *COMPOSITES}))
    parser.add_argument("--lang", action="append", help="default: en_US and zh_CN")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--port", type=int, default=9333, help="Chromium's DevTools port")
    parser.add_argument("--wait", type=float, default=2.0, help="seconds to let a page settle")
    args = parser.parse_args()
    if args.url and not args.output:
        parser.error("--url needs an output file")
    for lang in args.lang or ["en_US", "zh_CN"]:
        session = login(lang)
        suffix = "" if lang == "en_US" else f"_{lang}"
        names = args.only or [*SHOTS, *COMPOSITES]
        browser = open_browser(session, args)
        try:
            if args.url:
                shoot(browser, args.url, args.output, wait=args.wait)
                continue
            for name in [name for name in names if name in SHOTS]:
                path, record, page = SHOTS[name]
                if record:
                    path = f"{path}/{find_record(session, *record)}"
                output = os.path.join(OUT_DIR, f"{name}{suffix}.png")
                shoot(browser, path, output, page, args.wait)
        finally:
            browser.close()
        for name in [name for name in names if name in COMPOSITES]:
            shoot_composite(session, name, suffix, lang, args)
    login("en_US")  # leave admin in English, as make demo creates it


if __name__ == "__main__":
    main()
