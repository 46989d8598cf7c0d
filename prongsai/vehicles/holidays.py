"""Thai public holidays for the ``off_hours`` flag: the fixed-date ones of every year, and the lunar ones
(มาฆบูชา, วิสาขบูชา, อาสาฬหบูชา, เข้าพรรษา) and substitution days announced for 2568–2569.

A year beyond these has its fixed-date holidays only; add the announced days to ``ANNOUNCED``.
"""

from __future__ import annotations

from datetime import date

FIXED: dict[tuple[int, int], str] = {
    (1, 1): "วันขึ้นปีใหม่",
    (4, 6): "วันจักรี",
    (4, 13): "วันสงกรานต์",
    (4, 14): "วันสงกรานต์",
    (4, 15): "วันสงกรานต์",
    (5, 1): "วันแรงงานแห่งชาติ",
    (5, 4): "วันฉัตรมงคล",
    (6, 3): "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี",
    (7, 28): "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว",
    (8, 12): "วันแม่แห่งชาติ",
    (10, 13): "วันนวมินทรมหาราช",
    (10, 23): "วันปิยมหาราช",
    (12, 5): "วันพ่อแห่งชาติ",
    (12, 10): "วันรัฐธรรมนูญ",
    (12, 31): "วันสิ้นปี",
}

ANNOUNCED: dict[date, str] = {
    date(2025, 2, 12): "วันมาฆบูชา",
    date(2025, 5, 11): "วันวิสาขบูชา",
    date(2025, 5, 12): "วันหยุดชดเชยวันวิสาขบูชา",
    date(2025, 7, 10): "วันอาสาฬหบูชา",
    date(2025, 7, 11): "วันเข้าพรรษา",
    date(2026, 3, 3): "วันมาฆบูชา",
    date(2026, 5, 31): "วันวิสาขบูชา",
    date(2026, 6, 1): "วันหยุดชดเชยวันวิสาขบูชา",
    date(2026, 7, 29): "วันอาสาฬหบูชา",
    date(2026, 7, 30): "วันเข้าพรรษา",
}


def holiday_name(day: date) -> str:
    """The holiday's name, or "" on a day that is not one."""
    return ANNOUNCED.get(day) or FIXED.get((day.month, day.day), "")
