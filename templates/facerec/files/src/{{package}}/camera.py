"""Live recognition from a webcam (not run by the tests: they have no camera).

    python -m <package> camera --people people --model lbph

Press q in the window to stop. Needs a GUI build of OpenCV, because the headless wheel
cannot open windows:

    pip uninstall opencv-contrib-python-headless
    pip install "opencv-contrib-python>=4.8,<5"
"""

from __future__ import annotations

from .detect import get_detector
from .preprocess import crop, normalise_face


def run_camera(recognizer, detector_kind: str = "auto", device: int = 0) -> None:
    import cv2

    detector = get_detector(detector_kind)
    capture = cv2.VideoCapture(device)
    if not capture.isOpened():
        raise RuntimeError(f"cannot open camera {device}")
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            for box in detector.detect(rgb):
                name, distance = recognizer.predict(normalise_face(crop(rgb, box)))
                x, y, w, h = box
                colour = (0, 200, 0) if name != "unknown" else (0, 0, 255)
                cv2.rectangle(frame, (x, y), (x + w, y + h), colour, 2)
                cv2.putText(frame, f"{name} {distance:.0f}", (x, max(12, y - 6)),
                            cv2.FONT_HERSHEY_SIMPLEX, 0.6, colour, 2)
            cv2.imshow("face recognition (q = quit)", frame)
            if cv2.waitKey(1) & 0xFF == ord("q"):
                break
    finally:
        capture.release()
        cv2.destroyAllWindows()
