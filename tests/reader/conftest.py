"""The reader is an optional extra: without OpenCV and zxing-cpp its tests are not collected."""

from reader import available

if not available():
    collect_ignore_glob = ["test_*.py"]
