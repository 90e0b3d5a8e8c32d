"""Chinese text in matplotlib figures.

matplotlib ships only the DejaVu fonts, which have no Chinese glyphs: a Chinese
title would come out as empty boxes plus "Glyph ... missing" warnings. So we look
for a CJK font and, if none is found, draw English labels instead. This module
never raises: a missing font must not stop the analysis.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Common CJK font families on Linux, macOS and Windows (first match wins).
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
]

_state = {"checked": False, "family": None, "hinted": False}


def _use(family: str) -> None:
    import matplotlib

    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = "sans-serif"
    # CJK fonts often lack the proper minus sign; use an ASCII hyphen instead.
    matplotlib.rcParams["axes.unicode_minus"] = False


def _find_installed() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    return None


def _find_mplfonts() -> str | None:
    """The Noto Sans CJK file of the optional ``mplfonts`` package (extra ``zh-fonts``)."""
    try:
        import mplfonts
    except ImportError:
        return None
    from matplotlib import font_manager

    root = Path(mplfonts.__file__).parent
    for path in sorted(root.rglob("NotoSansCJK*-Regular.otf")):
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    return None


def setup_cjk(quiet: bool = False) -> bool:
    """Make matplotlib able to draw Chinese; return True on success.

    On failure print one hint (once per process) and return False, so the caller
    can fall back to English labels.
    """
    if not _state["checked"]:
        _state["checked"] = True
        try:
            _state["family"] = _find_installed() or _find_mplfonts()
        except Exception:  # a broken font cache must never stop the analysis
            _state["family"] = None
    if _state["family"]:
        _use(_state["family"])
        return True
    if not quiet and not _state["hinted"]:
        _state["hinted"] = True
        sys.stdout.flush()
        print(
            "提示: 未找到中文字体，图表改用英文标签。安装中文字体（如 Debian/Ubuntu 的 "
            'fonts-noto-cjk）或执行 pip install -e ".[zh-fonts]" 后即可显示中文。\n'
            "hint: no Chinese font found, so charts use English labels. Install one (e.g. "
            'fonts-noto-cjk on Debian/Ubuntu) or run pip install -e ".[zh-fonts]".',
            file=sys.stderr,
        )
    return False
