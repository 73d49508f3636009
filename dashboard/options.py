"""The view's options, each declared once as a `Literal` type with its tuple derived from it (as the
contract declares the data's vocabularies): the URL codec, the widgets and the builders import these and
never restate them."""

from __future__ import annotations

from typing import Final, Literal, get_args

ColorBy = Literal["relationship", "status", "sector"]
COLOR_BY: Final[tuple[ColorBy, ...]] = get_args(ColorBy)

AtlasFocus = Literal["world", "east_asia"]  # what the atlas's map may frame (its "map" URL parameter)
ATLAS_FOCUS: Final[tuple[AtlasFocus, ...]] = get_args(AtlasFocus)

Focus = Literal[AtlasFocus, "korea"]  # and the Seoul page's map frames Korea
FOCUS: Final[tuple[Focus, ...]] = get_args(Focus)

Mode = Literal["explore", "present"]
MODES: Final[tuple[Mode, ...]] = get_args(Mode)
