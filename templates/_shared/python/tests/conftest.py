"""The shared modules' own tests, run once by pystart's test suite rather than in every project.

In a generated project these modules sit inside the project's package and import each other
relatively (``from .i18n import tr``), reading ``DEFAULT_LANG`` from the package. Here the
folder above this one becomes that package, under the name ``shared``. Every test runs once
per language (the messages of the modules are in both), in an empty folder, with no crawler
settings in the environment, so a real ``.env`` or a value in your shell never leaks in.
"""

import sys
import types
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1]

package = types.ModuleType("shared")
package.__path__ = [str(SHARED)]
package.DEFAULT_LANG = "zh"
sys.modules["shared"] = package

from shared.i18n import get_lang, set_lang  # noqa: E402


@pytest.fixture(autouse=True, params=["zh", "en"])
def isolated(request, monkeypatch, tmp_path):
    monkeypatch.delenv("CRAWLER_CONTACT", raising=False)
    monkeypatch.chdir(tmp_path)
    before = get_lang()
    set_lang(request.param)
    yield
    set_lang(before)
