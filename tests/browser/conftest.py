"""A real Chromium (Debian's package) driven by Playwright; no browser download."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    """Per module: Playwright's event loop must be gone before other tests run
    (with it, Django's connection objects are looked up in another context)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium fehlt ({CHROMIUM}). `make test` installiert ihn "
            "(Debian-Paket chromium)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are plain synchronous setup.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
