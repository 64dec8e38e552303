"""The camera tests build ballot images with OpenCV: without the reader extra they are not collected."""

from reader import available

if not available():
    collect_ignore_glob = ["test_*.py"]
