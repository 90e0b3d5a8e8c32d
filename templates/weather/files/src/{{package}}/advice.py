"""Stretch exercise: what to wear, from the temperatures and the rain.

``clothing_advice(day, lang)`` turns one :class:`DayForecast` into a short advice.
Rules of thumb (adapt them to your own city):

* the temperature that counts is the day's high; at night, when the high is missing,
  the low;
* ≥ 28 ℃ short sleeves; 22-28 T-shirt; 15-22 long sleeves and a light jacket;
  8-15 sweater or trench coat; 0-8 padded coat; below 0 down jacket, hat and gloves;
* a high and a low 10 ℃ or more apart: "layers: cold morning and evening";
* rain (precipitation ≥ 1 mm, or 雨 / "rain" in the weather text): "take an umbrella";
* snow (雪 / "snow"): "non-slip shoes";
* no temperature at all: an empty string.

Parts are joined with "，" in Chinese and "; " in English, in the order above, e.g.
``"羽绒服、帽子和手套，早晚温差大，注意增减衣物，防滑鞋"``.
"""

from __future__ import annotations

from .models import DayForecast

LEVELS = [  # (lowest temperature of the band, 中文, English), warmest first
    (28, "短袖", "short sleeves"),
    (22, "T恤", "T-shirt"),
    (15, "长袖加薄外套", "long sleeves and a light jacket"),
    (8, "毛衣或风衣", "sweater or trench coat"),
    (0, "棉衣或厚外套", "padded coat"),
    (float("-inf"), "羽绒服、帽子和手套", "down jacket, hat and gloves"),
]
PHRASES = {
    "layers": ("早晚温差大，注意增减衣物", "layers: cold morning and evening"),
    "umbrella": ("带伞", "take an umbrella"),
    "snow": ("防滑鞋", "non-slip shoes"),
}


def clothing_advice(day: DayForecast, lang: str = "zh") -> str:
    """A short advice for ``day`` in ``lang`` ("zh" or "en"); see the module doc."""
    # >>> SOLUTION
    index = 0 if lang == "zh" else 1
    temperature = day.high if day.high is not None else day.low
    if temperature is None:
        return ""
    parts = [next(words[index + 1] for words in LEVELS if temperature >= words[0])]
    if day.high is not None and day.low is not None and day.high - day.low >= 10:
        parts.append(PHRASES["layers"][index])
    weather = day.weather.lower()
    if (day.precipitation_mm or 0) >= 1 or "雨" in weather or "rain" in weather:
        parts.append(PHRASES["umbrella"][index])
    if "雪" in weather or "snow" in weather:
        parts.append(PHRASES["snow"][index])
    return ("，" if lang == "zh" else "; ").join(parts)
    # <<< SOLUTION
    # >>> STUB
    # raise NotImplementedError(
    #     "练习（学生）：根据最高/最低温和降水给出穿衣建议"
    #     " / exercise: clothing advice from the high, the low and the rain")
    # <<< STUB
