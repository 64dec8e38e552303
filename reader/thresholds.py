"""Every threshold the reader decides with, named, in millimetres of the printed page or in fractions.

Tuned on bench/reader_accuracy.py's tuning seed only; a change here is measured there before it lands.
"""

from __future__ import annotations

#: The canonical page the image is warped to: pixels per millimetre (6 ≈ 152 dpi).
PX_PER_MM = 6

# -- locating the page ------------------------------------------------------------------------------------
#: Fewer page-corner fiducials than this and the reader answers "retake" (the QR is a fifth anchor, never
#: a page corner).
MIN_FIDUCIALS = 3
#: A fiducial found further than this from where the others put it is dropped (mm, after the first fit).
FIDUCIAL_MAX_RESIDUAL_MM = 1.5
#: Images are searched for fiducials at most this many pixels on the long side (faster; corners are refined
#: at full size afterwards).
DETECT_MAX_SIDE = 1800
#: A code that does not read where it sits in the image is cut out square and upright at this scale (a QR
#: module of our ballots is then ~5 px) with this much paper around it, and read again.
QR_RETRY_PX_PER_MM = 10
QR_RETRY_MARGIN_MM = 3.0
#: The cut-out is also read after a local (adaptive) threshold over this window (mm, a few modules): blur at
#: a photo's low resolution leaves a code's modules mid-grey, above one page-wide threshold and below it.
QR_RETRY_LOCAL_WINDOW_MM = 6.0
QR_RETRY_LOCAL_OFFSET = 5
#: A code that reads in none of these ways, on a page whose printed code box, less this much of its quiet zone
#: (mm; a code's modules start 4 modules, ≥ 2.9 mm, inside the box), runs out of the image, is out of the
#: frame: the reader answers "retake" (as for a corner mark out of the frame), not "no code".
QR_FRAME_INSET_MM = 2.5

# -- fine registration --------------------------------------------------------------------------------------
#: Per name, the printed line is searched within this many mm of where the page fit puts it.
ROW_SEARCH_MM = 1.0
#: Below this normalised correlation between the printed name and the image the name is "poor_alignment".
ROW_MATCH_MIN = 0.45
#: Share of the printed name's ink that must be dark in the image after registration (else poor_alignment).
PRINTED_SEEN_MIN = 0.75

#: A name's quiet zone stops this far (mm) inside the frame's printed rules.
FRAME_INSET_MM = 1.0

# -- ink ------------------------------------------------------------------------------------------------------
#: Background for lighting flattening: the paper's brightness estimated by a closing over this window (mm),
#: wider than any pen or printed stroke.
BACKGROUND_WINDOW_MM = 3.0
#: Darkness (0 white, 1 black, after flattening) above which a pixel is ink.
INK_DARKNESS = 0.22
#: Printed ink from the predicted face (rendered) is darker than this ...
PRINTED_DARKNESS = 0.25
#: ... and is grown by this much (mm) before new ink is looked for, to absorb registration and blur.
PRINTED_GROW_MM = 0.35
#: A blob of new ink smaller than this (mm²) is dust or noise.
MIN_BLOB_MM2 = 0.35
#: Less new ink than this in a name's quiet zone (mm²) and the name is untouched ...
UNTOUCHED_MAX_INK_MM2 = 0.1
#: ... provided there is also less than this (mm²) of faint ink: darker than FAINT_DARKNESS after a
#: FAINT_BLUR_MM smoothing, in blobs of at least MIN_FAINT_BLOB_MM2. A faint pen's line is not "untouched".
FAINT_DARKNESS = 0.10
FAINT_BLUR_MM = 0.5
MIN_FAINT_BLOB_MM2 = 0.5
UNTOUCHED_MAX_FAINT_MM2 = 1.0
#: ... and provided no band FAINT_STREAK_MM high along the name is darker than the row's paper by
#: FAINT_STREAK_MIN (median over the paper between the letters, rows with at least FAINT_STREAK_FREE of it
#: free of print): a pen too light for any ink threshold still darkens a whole row of paper.
FAINT_STREAK_MM = 0.5
FAINT_STREAK_FREE = 0.05
#: Each pixel takes the darkest within this (mm) above or below it first: a line's drift across the name.
FAINT_STREAK_DRIFT_MM = 0.35
FAINT_STREAK_MIN = 0.05

# -- the strike line ------------------------------------------------------------------------------------------
#: Ink within this distance of the fitted line (mm) belongs to it (wobble, double strokes, pen width).
LINE_BAND_MM = 1.3
#: At least this share of the row's new ink lies on the line, else it is a circle, tick or scribble.
LINE_INLIER_MIN = 0.80
#: Ink off the line beyond this (mm²) is "ink_beside" even when the line itself is a clean strike.
BESIDE_MAX_INK_MM2 = 0.6
#: A strike steeper than this (degrees from the baseline) goes to a person.
MAX_STRIKE_ANGLE_DEG = 20.0
#: The line must run through the band between the capital height and the baseline, give or take this (mm),
#: over the whole name; otherwise it is an underline, an overline or a steep diagonal.
BAND_TOLERANCE_MM = 0.4
#: The line must run past both ends of the printed name by at least this much (mm).
END_OVERSHOOT_MM = 0.8
#: A gap in the line over blank paper longer than this (mm) means the line does not cover the name.
MAX_OPEN_GAP_MM = 0.7
#: A step of the line counts as hidden when printed ink lies within this distance (mm) across it.
HIDDEN_REACH_MM = 0.35
#: A gap where the line crosses printed letters (hidden by the prediction) may be this long (mm): a
#: letter's crossbar at the height of the line hides the whole letter (H, Đ), and a line drawn along the
#: top of the small letters or along the baseline is hidden by a whole word ("ương", "Nguyễn"). Bounded
#: gaps only, each with at most MAX_OPEN_GAP_MM of blank paper: a line stopping short is never bridged.
MAX_HIDDEN_GAP_MM = 16.0
#: More new ink than this (mm²) in the names' frame outside every name's row sends the ballot to a person
#: (a name or words added can make it invalid).
OUTSIDE_MAX_INK_MM2 = 1.0
