"""Command line interface.

    demo       offline: detect the face in skimage's astronaut picture, train LBPH /
               Eigenface / LBP-histogram recognisers on augmented lfw faces, report
               accuracy and unknown-face rejection, write an annotated picture
    detect     find faces in an image -> annotated PNG
    recognize  enrol people/<name>/*.png, then name the faces in an image
    camera     the same live from a webcam (needs a camera and a GUI OpenCV build)
    evaluate   leave-one-out over people/: accuracy per model and the "unknown" threshold
    generate   write the demo plan CSV (data/sample/demo_plan.csv)

Heavy libraries are imported inside the commands, so ``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 7  # keep in sync with demo_data.DEFAULT_SEED
DETECTORS = ["auto", "haar", "skimage"]
MODELS = ["lbph", "eigen", "lbphist"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=__package__,
                                     description="Face detection and recognition / 人脸识别")
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--detector", choices=DETECTORS, default="auto",
                       help="face detector (default: auto = Haar if OpenCV 4, else skimage)")
        return p

    demo = common(sub.add_parser("demo", help="offline demo with scikit-image's bundled images"))
    demo.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")

    det = common(sub.add_parser("detect", help="find faces in an image"))
    det.add_argument("image")
    det.add_argument("--out", default="outputs/detected.png")

    def recog(p):
        common(p)
        p.add_argument("--people", default="people", help="folder people/<name>/*.png")
        p.add_argument("--model", choices=MODELS, default="lbph")
        p.add_argument("--threshold", type=float, default=None,
                       help="unknown-face distance threshold (default: calibrated)")
        return p

    rec = recog(sub.add_parser("recognize", help="name the faces in an image"))
    rec.add_argument("image")
    rec.add_argument("--out", default="outputs/recognized.png")

    cam = recog(sub.add_parser("camera", help="live recognition from a webcam"))
    cam.add_argument("--device", type=int, default=0)

    ev = common(sub.add_parser("evaluate", help="leave-one-out accuracy over people/ per model"))
    ev.add_argument("--people", default="people", help="folder people/<name>/*.png")
    ev.add_argument("--models", nargs="+", choices=MODELS, default=MODELS)
    ev.add_argument("--out", default="outputs/evaluation.csv")

    gen = sub.add_parser("generate", help="write the demo plan CSV")
    gen.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
    gen.add_argument("--out", default="data/sample/demo_plan.csv")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser


def _evaluate(kind, sets):
    from .recognize import UNKNOWN, calibrate_threshold, make_recognizer

    start = time.perf_counter()
    enrol_faces, enrol_names = sets["enrol"]
    threshold = calibrate_threshold(kind, enrol_faces, enrol_names)
    model = make_recognizer(kind, threshold).fit(enrol_faces, enrol_names)
    probe_faces, probe_names = sets["probe"]
    answers = [model.predict(f)[0] for f in probe_faces]
    correct = sum(a == n for a, n in zip(answers, probe_names, strict=True))
    impostor_faces, _ = sets["impostor"]
    rejected = sum(model.predict(f)[0] == UNKNOWN for f in impostor_faces)
    row = {
        "model": kind,
        "probes": len(probe_names),
        "accuracy": round(correct / len(probe_names), 3),
        "impostors": len(impostor_faces),
        "impostors_rejected": round(rejected / len(impostor_faces), 3),
        "threshold": round(threshold, 3),
        "seconds": round(time.perf_counter() - start, 2),
    }
    return model, row


def cmd_demo(args) -> int:
    from skimage import data

    from .annotate import annotate
    from .demo_data import ASTRONAUT_FACE, build_demo_sets
    from .detect import DetectorUnavailable, get_detector, iou
    from .preprocess import crop, normalise_face
    from .recognize import RecognizerUnavailable

    start = time.perf_counter()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    image = data.astronaut()

    kinds = ["haar", "skimage"] if args.detector == "auto" else [args.detector]
    boxes = []
    for kind in kinds:
        try:
            detector = get_detector(kind)
        except DetectorUnavailable as exc:
            say(f"跳过检测器 {kind}：{exc}", f"skipping detector {kind}: {exc}")
            continue
        t0 = time.perf_counter()
        found = detector.detect(image)
        overlap = max((iou(b, ASTRONAUT_FACE) for b in found), default=0.0)
        say(f"检测器 {kind}：找到 {len(found)} 张脸 {found}，与参考框 IoU {overlap:.2f}"
            f"（{time.perf_counter() - t0:.2f} 秒）",
            f"detector {kind}: {len(found)} face(s) {found}, IoU with the reference box "
            f"{overlap:.2f} ({time.perf_counter() - t0:.2f} s)")
        boxes = boxes or found

    sets = build_demo_sets(seed=args.seed)
    say(f"演示数据（种子 {args.seed}）：登记 {len(sets['enrol'][0])} 张增强人脸，"
        f"测试 {len(sets['probe'][0])} 张，陌生人 {len(sets['impostor'][0])} 张",
        f"demo data (seed {args.seed}): {len(sets['enrol'][0])} augmented enrolment faces, "
        f"{len(sets['probe'][0])} probes, {len(sets['impostor'][0])} strangers")
    rows, models = [], {}
    for kind in MODELS:
        try:
            models[kind], row = _evaluate(kind, sets)
        except RecognizerUnavailable as exc:
            say(f"跳过模型 {kind}：{exc}", f"skipping model {kind}: {exc}")
            continue
        except NotImplementedError:  # the stretch exercise (lbphist) is not done yet
            say(f"跳过模型 {kind}：进阶练习还没完成",
                f"skipping model {kind}: the stretch exercise is not done yet")
            continue
        rows.append(row)
        say(f"{kind:8s} 准确率 {row['accuracy']:.3f}，陌生人拒识率 {row['impostors_rejected']:.3f}"
            f"，阈值 {row['threshold']}",
            f"{kind:8s} accuracy {row['accuracy']:.3f}, strangers rejected "
            f"{row['impostors_rejected']:.3f}, threshold {row['threshold']}")
    from .evaluate import leave_one_out

    t0 = time.perf_counter()
    loo = leave_one_out("lbph", *sets["enrol"]) if "lbph" in models else None
    if loo is not None:
        say(f"留一法（evaluate 命令对 people/ 做的事）：lbph 在 {loo['photos']} 张登记照片上准确率 "
            f"{loo['accuracy']:.3f}，从数据选出的阈值 {loo['threshold']}：认出熟人 "
            f"{loo['known_accepted']:.3f}，拒绝陌生人 {loo['strangers_rejected']:.3f}"
            f"（{time.perf_counter() - t0:.1f} 秒）",
            f"leave-one-out (what the evaluate command does for people/): lbph on the "
            f"{loo['photos']} enrolment photos, accuracy {loo['accuracy']:.3f}; threshold "
            f"chosen from the data {loo['threshold']}: known faces named "
            f"{loo['known_accepted']:.3f}, strangers rejected {loo['strangers_rejected']:.3f} "
            f"({time.perf_counter() - t0:.1f} s)")
    say("这些分数是在同一张照片的增强副本上测的（旋转、缩放、明暗、噪声），不代表真实照片："
        "换了日子、光线、发型、眼镜的真人照片要难得多。用自己的照片（每人至少 5 张）运行 "
        "evaluate 才能知道真实的准确率。",
        "These scores are measured on augmented copies of one photo per person (rotation, "
        "scale, brightness, noise), not on real photos: real people on other days, in other "
        "light, with other hair or glasses are much harder. Run evaluate on your own photos "
        "(at least 5 per person) to know the real accuracy.")
    report = out / "recognition_report.csv"
    with open(report, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    model = next(iter(models.values()))
    labels = [model.predict(normalise_face(crop(image, b)))[0] for b in boxes]
    title = f"{model.name}: {', '.join(labels) or '-'}"
    picture = annotate(image, boxes, labels, out / "annotated.png", title=title)
    say(f"宇航员照片的识别结果 {title}", f"astronaut picture, recognised {title}")
    say(f"已写入 {report} 和 {picture}（{time.perf_counter() - start:.1f} 秒）",
        f"wrote {report} and {picture} ({time.perf_counter() - start:.1f} s)")
    return 0


def _read(path):
    from skimage.io import imread

    if not Path(path).is_file():
        raise FileNotFoundError(f"{path} not found")
    return imread(path)


def cmd_detect(args) -> int:
    from .annotate import annotate
    from .detect import get_detector

    image = _read(args.image)
    detector = get_detector(args.detector)
    boxes = detector.detect(image)
    path = annotate(image, boxes, ["face"] * len(boxes), args.out)
    say(f"{detector.name}：找到 {len(boxes)} 张脸 {boxes}，已写入 {path}",
        f"{detector.name}: {len(boxes)} face(s) {boxes}, wrote {path}")
    return 0


def _warn_few_photos(names) -> None:
    from .evaluate import MIN_PHOTOS, few_photos

    few = few_photos(names)
    if few:
        listed = ", ".join(f"{name} ({n})" for name, n in few.items())
        say(f"警告：这些人的照片少于 {MIN_PHOTOS} 张：{listed}。照片太少时识别很不可靠，"
            "陌生人也容易被认成他们；请每人准备 5–10 张不同光线、角度、日子拍的照片，"
            "并用 evaluate 命令检查。",
            f"warning: fewer than {MIN_PHOTOS} photos of {listed}. With so few photos "
            "recognition is unreliable and strangers are easily taken for them; give each "
            "person 5-10 photos from different light, angles and days, and check with the "
            "evaluate command.")


def _enrol(args):
    from .detect import get_detector
    from .enroll import load_people

    detector = get_detector(args.detector)
    enrolment = load_people(args.people, detector)
    for path in enrolment.skipped:
        say(f"跳过（没找到人脸）：{path}", f"skipped (no face found): {path}")
    _warn_few_photos(enrolment.names)
    return detector, enrolment


def _train(args):
    from .recognize import calibrate_threshold, make_recognizer

    detector, enrolment = _enrol(args)
    threshold = args.threshold
    if threshold is None:
        threshold = calibrate_threshold(args.model, enrolment.faces, enrolment.names)
    model = make_recognizer(args.model, threshold).fit(enrolment.faces, enrolment.names)
    say(f"已登记 {len(enrolment.people)} 人、{len(enrolment.faces)} 张照片；阈值 {threshold:.2f}",
        f"enrolled {len(enrolment.people)} people, {len(enrolment.faces)} photos; "
        f"threshold {threshold:.2f}")
    return detector, model


def cmd_recognize(args) -> int:
    from .annotate import annotate
    from .preprocess import crop, normalise_face

    image = _read(args.image)
    detector, model = _train(args)
    boxes = detector.detect(image)
    labels = []
    for box in boxes:
        name, distance = model.predict(normalise_face(crop(image, box)))
        labels.append(name)
        say(f"{box}: {name}（距离 {distance:.2f}）",
            f"{box}: {name} (distance {distance:.2f})")
    path = annotate(image, boxes, labels, args.out)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


def cmd_evaluate(args) -> int:
    from .evaluate import leave_one_out
    from .recognize import RecognizerUnavailable

    _, enrolment = _enrol(args)
    say(f"留一法：{len(enrolment.people)} 人、{len(enrolment.faces)} 张照片，每张照片轮流当测试，"
        "用其余照片训练",
        f"leave-one-out: {len(enrolment.people)} people, {len(enrolment.faces)} photos; each "
        "photo is tested once by a model trained on all the others")
    rows = []
    for kind in args.models:
        try:
            row = leave_one_out(kind, enrolment.faces, enrolment.names)
        except RecognizerUnavailable as exc:
            say(f"跳过模型 {kind}：{exc}", f"skipping model {kind}: {exc}")
            continue
        except NotImplementedError:
            say(f"跳过模型 {kind}：进阶练习还没完成",
                f"skipping model {kind}: the stretch exercise is not done yet")
            continue
        rows.append(row)
        if row["threshold"] is None:
            say(f"{kind:8s} 准确率 {row['accuracy']:.3f}（{row['tested']} 张）；"
                "至少要 3 个人才能估计陌生人的距离和阈值",
                f"{kind:8s} accuracy {row['accuracy']:.3f} ({row['tested']} photos); "
                "at least 3 people are needed to measure strangers and choose a threshold")
            continue
        say(f"{kind:8s} 准确率 {row['accuracy']:.3f}（{row['tested']} 张）；阈值 "
            f"{row['threshold']}：认出熟人 {row['known_accepted']:.3f}，"
            f"拒绝陌生人 {row['strangers_rejected']:.3f}",
            f"{kind:8s} accuracy {row['accuracy']:.3f} ({row['tested']} photos); threshold "
            f"{row['threshold']}: known faces named {row['known_accepted']:.3f}, strangers "
            f"rejected {row['strangers_rejected']:.3f}")
    if not rows:
        return fail("no model could run / 没有可用的模型")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    best = max(rows, key=lambda r: (r["known_accepted"] or 0, r["accuracy"]))
    if best["threshold"] is not None:
        say(f"建议：recognize --model {best['model']} --threshold {best['threshold']}。"
            f"已写入 {out}",
            f"suggestion: recognize --model {best['model']} --threshold {best['threshold']}. "
            f"wrote {out}")
    else:
        say(f"已写入 {out}", f"wrote {out}")
    return 0


def cmd_camera(args) -> int:  # pragma: no cover - needs a camera
    from .camera import run_camera

    _, model = _train(args)
    run_camera(model, args.detector, args.device)
    return 0


def cmd_generate(args) -> int:
    from .demo_data import write_plan

    path = write_plan(args.out, seed=args.seed)
    say(f"已写入 {path}", f"wrote {path}")
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "detect": cmd_detect,
    "recognize": cmd_recognize,
    "camera": cmd_camera,
    "evaluate": cmd_evaluate,
    "generate": cmd_generate,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .detect import DetectorUnavailable
    from .recognize import RecognizerUnavailable

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, DetectorUnavailable, RecognizerUnavailable, ValueError) as exc:
        return fail(str(exc))
