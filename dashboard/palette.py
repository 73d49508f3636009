"""The map's colours and the contrast rule they keep: shared by the map builders, the charts and the exports."""

from __future__ import annotations

from dashboard import geo

# Okabe–Ito colours (distinguishable for the common forms of colour blindness), darkened where needed so
# that every point and route stands out at least 3:1 against the sea and every land colour (a test checks).
RELATIONSHIP_COLORS = {"sister_city": "#0072B2", "friendship_city": "#9F5E82", "cooperation_mou": "#00835F",
                       "letter_of_intent": "#9A6B00", "exploration": "#737373"}
STATUS_COLORS = {"active": "#00835F", "unclear": "#9A6B00", "ended": "#000000", "prospective": "#3A7A9E",
                 "unverified": "#737373", "disputed": "#BE5400"}
HOME_COLOR = "#C8102E"
SEA = "#DDEAF3"
LAND = "#F1EFE9"
LAND_WITH_PARTNER = "#CBD7E2"
LAND_HOME = "#F6D6D6"
BACKGROUNDS = (SEA, LAND, LAND_WITH_PARTNER, LAND_HOME)
MIN_CONTRAST = 3.0
INK = "#1F2933"  # names, leader lines, the ring round the selected partner
NO_SECTOR = "#737373"



def rgb(hex_color: str, alpha: int = 255) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i: i + 2], 16) for i in (0, 2, 4)] + [alpha]


def map_color(hex_color: str) -> str:
    """The colour darkened (same hue) just enough to stand out 3:1 against the sea and every land colour:
    the sector palette comes from the data and may hold light colours."""
    base = [int(hex_color.lstrip("#")[i: i + 2], 16) for i in (0, 2, 4)]
    k = 1.0
    while k > 0:
        color = [round(c * k) for c in base]
        if min(geo.contrast(color, b) for b in BACKGROUNDS) >= MIN_CONTRAST + 0.15:
            return "#{:02X}{:02X}{:02X}".format(*color)
        k -= 0.02
    return "#000000"

