"""Command line interface.

    demo      synthetic requests -> all policies -> tables and figures in outputs/
    generate  write synthetic requests to data/sample/requests.csv
    simulate  one policy on synthetic requests or a requests CSV
    compare   several policies on the same requests, with tables and figures
    tlc       summarise real NYC TLC trip files and (with --start) simulate them

Heavy libraries (pandas, scipy, matplotlib) are imported inside the commands, so
``--help`` answers instantly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import DEFAULT_LANG
from .i18n import fail, say, set_lang

DEFAULT_SEED = 2015  # keep in sync with city.DEFAULT_SEED (not imported: it pulls in pandas)
POLICY_CHOICES = ["hail", "greedy", "batch", "priority"]
SHOWN_COLUMNS = ["policy", "served", "abandoned", "served_share", "mean_wait_min",
                 "p90_wait_min", "mean_pickup_km", "empty_share", "utilisation"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=__package__,
        description="Taxi and ride-hailing dispatch simulation / 出租车与网约车调度模拟",
    )
    parser.add_argument("--lang", choices=["zh", "en"], default=DEFAULT_LANG,
                        help="language of messages and figure labels")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p, out="outputs"):
        # --lang also after the command name ("demo --lang en"); SUPPRESS keeps the
        # top-level value when it is not given here.
        p.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS)
        p.add_argument("--out", default=out, help=f"output folder (default: {out})")
        return p

    def sim_options(p, requests=True):
        p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                       help=f"seed for the demand and the fleet (default: {DEFAULT_SEED})")
        p.add_argument("--cars", type=int, default=120, help="fleet size (default: 120)")
        p.add_argument("--minutes", type=int, default=240,
                       help="simulated minutes from 07:00 (default: 240)")
        p.add_argument("--max-pickup", type=float, default=3.0,
                       help="dispatch: longest drive to a rider, km (default: 3)")
        p.add_argument("--hail-radius", type=float, default=0.5,
                       help="street hail: how far a rider sees a taxi, km (default: 0.5)")
        p.add_argument("--batch-minutes", type=int, default=1,
                       help="batch/priority: match every N minutes (default: 1)")
        p.add_argument("--bonus-km", type=float, default=2.0,
                       help="priority: bonus for riders in zones without idle cars (default: 2)")
        if requests:
            p.add_argument("--requests", default=None,
                           help="requests CSV (default: generate them with --seed)")

    sim_options(common(sub.add_parser("demo", help="offline demo: compare all policies")),
                requests=False)

    gen = common(sub.add_parser("generate", help="write synthetic requests.csv"),
                 out="data/sample")
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    gen.add_argument("--minutes", type=int, default=240, help="minutes from 07:00")

    simulate = common(sub.add_parser("simulate", help="run one policy"))
    simulate.add_argument("--policy", choices=POLICY_CHOICES, default="batch")
    sim_options(simulate)

    compare = common(sub.add_parser("compare", help="run several policies on the same requests"))
    compare.add_argument("--policies", nargs="+", choices=POLICY_CHOICES, default=POLICY_CHOICES)
    compare.add_argument("--no-figures", action="store_true", help="write only the CSV tables")
    sim_options(compare)

    tlc = common(sub.add_parser("tlc", help="real NYC TLC trip files (CSV or Parquet)"))
    tlc.add_argument("files", nargs="+", help="TLC trip files (.csv, .csv.gz, .parquet)")
    tlc.add_argument("--start", default=None,
                     help='simulate from this time, e.g. "2024-01-15 07:00" (default: only count)')
    tlc.add_argument("--minutes", type=int, default=120, help="simulated minutes (default: 120)")
    tlc.add_argument("--zones", default=None,
                     help="CSV with LocationID,x_km,y_km (default: a made-up grid layout)")
    tlc.add_argument("--sample", type=float, default=1.0,
                     help="keep this share of the trips, e.g. 0.05 (default: 1)")
    tlc.add_argument("--cars", type=int, default=200, help="fleet size (default: 200)")
    tlc.add_argument("--speed", type=float, default=0.3,
                     help="km per minute on the streets (default: 0.3 = 18 km/h)")
    tlc.add_argument("--max-pickup", type=float, default=3.0)
    tlc.add_argument("--hail-radius", type=float, default=0.5)
    tlc.add_argument("--seed", type=int, default=DEFAULT_SEED)
    tlc.add_argument("--policies", nargs="+", choices=POLICY_CHOICES,
                     default=["hail", "greedy", "batch"])
    tlc.add_argument("--no-figures", action="store_true", help="write only the CSV tables")
    return parser


def _config(args, policy: str = "batch"):
    from .sim import SimConfig

    return SimConfig(
        policy=policy, cars=args.cars, minutes=args.minutes, seed=args.seed,
        max_pickup_km=args.max_pickup, hail_radius_km=args.hail_radius,
        batch_minutes=getattr(args, "batch_minutes", 1),
        bonus_km=getattr(args, "bonus_km", 2.0),
    )


def _requests(args, city):
    from .city import generate_requests, read_requests

    if getattr(args, "requests", None):
        return read_requests(args.requests)
    return generate_requests(city, minutes=args.minutes, seed=args.seed)


def _write_csv(df, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n")
    return path


def _print_table(table, lang: str) -> None:
    from .sim import POLICY_NAMES

    shown = table[SHOWN_COLUMNS].copy()
    shown.insert(1, "name", shown["policy"].map(POLICY_NAMES["zh" if lang == "zh" else "en"]))
    print(shown.to_string(index=False))


def _warn_if_underserved(table, requests, city, config, sample: float | None = None) -> None:
    """Warn when even the best policy serves fewer than half of the riders, and say
    how many cars the demand needs (``analysis.cars_needed``); for TLC runs also which
    ``--sample`` share the present fleet can carry."""
    from .analysis import LOW_SERVED_SHARE, cars_needed

    best = float(table["served_share"].max())
    if not best < LOW_SERVED_SHARE:
        return
    needed = max(cars_needed(requests, city, config.minutes), config.cars + 1)
    zh = (f"警告：即使最好的策略也只接到 {best:.0%} 的乘客，车太少了。按需求估算大约要 "
          f"--cars {needed} 辆车")
    en = (f"warning: only {best:.0%} of the riders are served even by the best policy: the "
          f"fleet is too small for this demand. It needs about --cars {needed}")
    if sample is not None:
        share = max(0.01, round(sample * config.cars / needed, 2))
        zh += f"；或者保持 {config.cars} 辆车，只取一部分行程：--sample {share:g}"
        en += f", or keep {config.cars} cars and simulate a share of the trips: --sample {share:g}"
    say(zh + "。", en + ".")


def compare_policies(requests, city, config, policies, out: Path, lang: str,
                     figures: bool = True, start=None, sample: float | None = None) -> dict:
    """Run the policies and write every table and figure; return the results."""
    import pandas as pd

    from .analysis import abandonment_change, metrics_table, zone_hour_table
    from .report import make_figures
    from .sim import run_policies

    results, skipped = run_policies(requests, policies, config, city, start=start)
    for policy in skipped:
        say(f"提示：{policy} 策略依赖的进阶练习还没完成（NotImplementedError），已跳过。",
            f"note: the {policy} policy needs the stretch exercise "
            "(NotImplementedError); skipped.")
    if not results:
        raise RuntimeError("no policy could run")
    out.mkdir(parents=True, exist_ok=True)
    table = metrics_table(results)
    zone_hour = pd.concat([zone_hour_table(r) for r in results.values()], ignore_index=True)
    timeline = pd.concat([r.history.assign(policy=p) for p, r in results.items()],
                         ignore_index=True)
    outcomes = pd.concat([r.requests.assign(policy=p) for p, r in results.items()],
                         ignore_index=True)
    written = [
        _write_csv(table, out / "metrics.csv"),
        _write_csv(zone_hour, out / "zone_hour.csv"),
        _write_csv(timeline, out / "timeline.csv"),
        _write_csv(outcomes, out / "outcomes.csv"),
    ]
    change = None
    if "batch" in results and "priority" in results:
        change = abandonment_change(results["batch"], results["priority"])
        written.append(_write_csv(change, out / "priority_by_zone.csv"))
    _print_table(table, lang)
    _warn_if_underserved(table, requests, city, config, sample)
    if figures:
        sys.stdout.flush()  # the font hint goes to stderr: keep it after the table
        written += make_figures(results, table, zone_hour, out, lang=lang,
                                priority_change=change)
    say(f"已写入 {len(written)} 个文件到 {out}/", f"wrote {len(written)} files to {out}/")
    return results


def cmd_demo(args) -> int:
    from .city import City, generate_requests

    start = time.perf_counter()
    city = City()
    requests = generate_requests(city, minutes=args.minutes, seed=args.seed)
    say(f"网格城市 {city.size_km:g}×{city.size_km:g} km，{args.cars} 辆车，"
        f"{city.clock(0)} 起模拟 {args.minutes} 分钟，"
        f"共 {len(requests)} 个乘车请求（种子 {args.seed}）",
        f"grid city {city.size_km:g}x{city.size_km:g} km, {args.cars} cars, {args.minutes} "
        f"minutes from {city.clock(0)}, {len(requests)} requests (seed {args.seed})")
    compare_policies(requests, city, _config(args), POLICY_CHOICES, Path(args.out), args.lang)
    say(f"用时 {time.perf_counter() - start:.1f} 秒",
        f"took {time.perf_counter() - start:.1f} s")
    return 0


def cmd_generate(args) -> int:
    from .city import City, generate_requests, write_requests

    requests = generate_requests(City(), minutes=args.minutes, seed=args.seed)
    path = write_requests(requests, Path(args.out) / "requests.csv")
    say(f"已写入 {path}（{len(requests)} 行）", f"wrote {path} ({len(requests)} rows)")
    return 0


def cmd_simulate(args) -> int:
    from .analysis import metrics_table
    from .city import City
    from .sim import simulate

    city = City()
    requests = _requests(args, city)
    config = _config(args, args.policy)
    result = simulate(requests, config, city)
    out = Path(args.out)
    _write_csv(result.requests, out / f"{args.policy}_outcomes.csv")
    _write_csv(result.history, out / f"{args.policy}_timeline.csv")
    table = metrics_table({args.policy: result})
    _print_table(table, args.lang)
    _warn_if_underserved(table, requests, city, config)
    say(f"已写入 {out / f'{args.policy}_outcomes.csv'}",
        f"wrote {out / f'{args.policy}_outcomes.csv'}")
    return 0


def cmd_compare(args) -> int:
    from .city import City

    city = City()
    compare_policies(_requests(args, city), city, _config(args), args.policies,
                     Path(args.out), args.lang, figures=not args.no_figures)
    return 0


def cmd_tlc(args) -> int:
    import numpy as np
    import pandas as pd

    from . import tlc
    from .city import city_for_points, write_requests

    out = Path(args.out)
    start = pd.Timestamp(args.start) if args.start else None
    end = start + pd.Timedelta(minutes=args.minutes) if start is not None else None
    outside: list = []
    trips = tlc.read_many(args.files, start=start, end=end, report=outside)
    for name, month, count in outside:
        say(f"{name}：{count} 条行程的上车时间不在 {month}，已去掉（计价器时钟错误）",
            f"dropped {count} trips of {name} outside {month} (pickup times from "
            "other months: meter clock errors)")
    say(f"读入 {len(trips)} 条行程", f"read {len(trips)} trips")
    summary = tlc.service_summary(trips)
    print(summary.to_string(index=False))
    _write_csv(summary, out / "tlc_services.csv")
    _write_csv(tlc.zone_hour_counts(trips), out / "tlc_zone_hour.csv")
    say(f"已写入 {out / 'tlc_services.csv'} 和 {out / 'tlc_zone_hour.csv'}",
        f"wrote {out / 'tlc_services.csv'} and {out / 'tlc_zone_hour.csv'}")
    if start is None:
        say('加上 --start（例如 --start "2024-01-15 07:00"）即可模拟调度。',
            'add --start (e.g. --start "2024-01-15 07:00") to simulate dispatch on these trips.')
        return 0

    if args.zones:
        zone_xy = tlc.load_zone_xy(args.zones)
    else:
        zone_xy = tlc.grid_zone_xy(pd.concat([trips["pu_zone"], trips["do_zone"]]))
        say("提示：没有给出 --zones，区域按编号排成方格，距离是虚构的；见 README 的“区域坐标”。",
            "note: no --zones given; zones are laid out on a made-up grid by id, so distances "
            "are not real (see the README, 'zone positions').")
    dropped = tlc.unknown_zone_trips(trips, zone_xy)
    if dropped:
        say(f"{dropped} 条行程的区域没有坐标，已去掉",
            f"dropped {dropped} trips in zones without a position")
    requests = tlc.to_requests(trips, zone_xy, start, args.minutes, seed=args.seed,
                               sample=args.sample)
    if requests.empty:
        return fail("no trips in the chosen time window / 所选时间段内没有行程")
    write_requests(requests, out / "tlc_requests.csv")
    city = city_for_points(pd.concat([requests["pickup_x"], requests["dropoff_x"]]),
                           pd.concat([requests["pickup_y"], requests["dropoff_y"]]),
                           speed_kmpm=args.speed,
                           start_hour=start.hour + start.minute / 60)
    say(f"{len(requests)} 个请求，模拟区域 {city.size_km:g}×{city.size_km:g} km",
        f"{len(requests)} requests, simulated area {city.size_km:g}x{city.size_km:g} km")
    # Real areas are not square (and have rivers): start the cars where trips start.
    rng = np.random.default_rng(args.seed)
    picks = rng.integers(0, len(requests), args.cars)
    start_xy = requests[["pickup_x", "pickup_y"]].to_numpy()[picks]
    compare_policies(requests, city, _config(args), args.policies, out / "tlc_sim", args.lang,
                     figures=not args.no_figures, start=start_xy, sample=args.sample)
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "generate": cmd_generate,
    "simulate": cmd_simulate,
    "compare": cmd_compare,
    "tlc": cmd_tlc,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_lang(args.lang)
    from .city import RequestFormatError
    from .tlc import TripFormatError

    try:
        return COMMANDS[args.command](args)
    except (FileNotFoundError, RequestFormatError, TripFormatError, ImportError) as exc:
        return fail(str(exc))
