"""Check a cpsu-kg timeline SVG: it parses as XML, has one labelled bar per tenure, and
every bar sits where its dates say on the axis the SVG declares.

Usage: svg_check.py FILE.svg EXPECTED_BARS [AXIS_FROM AXIS_TO LEFT RIGHT [TENURE=START:END ...]]

With the axis given (its first and last day and the x of each, written by hand in the test),
the SVG's own scale attributes must agree with it, and each named tenure's bar must start at
the x of START and end at the x of the day after END on that hand-given axis: an
expectation the code under test did not write.

Prints one line per bar and exits non-zero on the first structural mismatch.
"""

import datetime
import sys
import xml.etree.ElementTree as ET

NS = {"svg": "http://www.w3.org/2000/svg"}
TOLERANCE = 0.6  # pixels: the SVG writes coordinates to two decimals


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def main():
    path, expected = sys.argv[1], int(sys.argv[2])
    root = ET.parse(path).getroot()
    if len(sys.argv) > 3:
        axis_from, axis_to = day(sys.argv[3]), day(sys.argv[4])
        axis_left, axis_right = float(sys.argv[5]), float(sys.argv[6])
        hand_per_day = (axis_right - axis_left) / (axis_to - axis_from)

        def hand_x(text):
            return axis_left + (day(text) - axis_from) * hand_per_day

        bars_by_tenure = {
            g.get("data-tenure"): g
            for g in root.iter("{http://www.w3.org/2000/svg}g")
            if (g.get("class") or "").split()[:1] == ["bar"]
        }
        for spec in sys.argv[7:]:
            tenure, dates = spec.split("=")
            start, end = dates.split(":")
            bar = bars_by_tenure.get(tenure)
            if bar is None:
                sys.exit(f"{tenure}: no bar")
            rects = [r for r in bar.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") != "url(#hatch)"]
            first = min(float(r.get("x")) for r in rects)
            last = max(float(r.get("x")) + float(r.get("width")) for r in rects)
            next_day = datetime.date.fromordinal(day(end) + 1).isoformat()
            if abs(first - hand_x(start)) > TOLERANCE or abs(last - hand_x(next_day)) > TOLERANCE:
                sys.exit(
                    f"{tenure}: bar spans {first:.2f}..{last:.2f}, the hand-written axis puts "
                    f"{start}..{end} at {hand_x(start):.2f}..{hand_x(next_day):.2f}"
                )
            print(f"{tenure}: {start}..{end} at {first:.2f}..{last:.2f}, as written by hand")
    origin = day(root.get("data-origin"))
    per_day = float(root.get("data-px-per-day"))
    left, right = float(root.get("data-plot-left")), float(root.get("data-plot-right"))

    def x(text):
        return min(max(left + (day(text) - origin) * per_day, left), right)

    bars = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if (g.get("class") or "").split()[:1] == ["bar"]]
    if len(bars) != expected:
        sys.exit(f"{len(bars)} bars, expected {expected}")
    for bar in bars:
        tenure = bar.get("data-tenure")
        label = [t.text for t in bar.iter("{http://www.w3.org/2000/svg}text") if "bar-label" in (t.get("class") or "")]
        if label != [bar.get("data-holder")]:
            sys.exit(f"{tenure}: label {label!r} is not the holder {bar.get('data-holder')!r}")
        rects = [r for r in bar.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") != "url(#hatch)"]
        first = min(float(r.get("x")) for r in rects)
        last = max(float(r.get("x")) + float(r.get("width")) for r in rects)
        want_first = x(bar.get("data-start-earliest"))
        want_last = max(min(x(bar.get("data-end-latest")) + per_day, right), want_first + 3.0)
        if abs(first - want_first) > TOLERANCE or abs(last - want_last) > TOLERANCE:
            sys.exit(f"{tenure}: bar spans {first:.2f}..{last:.2f}, dates say {want_first:.2f}..{want_last:.2f}")
        solid = [r for r in rects if r.get("class") == "solid"]
        if len(solid) != 1:
            sys.exit(f"{tenure}: {len(solid)} solid parts")
        sure_from = float(solid[0].get("x"))
        if bar.get("data-start-earliest") != bar.get("data-start-latest"):
            if not any(r.get("class", "").startswith("fade") for r in rects):
                sys.exit(f"{tenure}: an imprecise start is drawn without a fading edge")
        elif abs(sure_from - want_first) > TOLERANCE and last - first > 3.5:
            sys.exit(f"{tenure}: a known start day is not a sharp edge ({sure_from:.2f} vs {want_first:.2f})")
        print(f"{tenure}: {first:.2f}..{last:.2f} ok")
    ticks = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "decade-label"]
    if not ticks:
        sys.exit("no decade labels")
    for tick in ticks:
        want = x(f"{tick.text}-01-01")
        if abs(float(tick.get("x")) - want) > TOLERANCE:
            sys.exit(f"decade {tick.text} at {tick.get('x')}, expected {want:.2f}")
    print(f"{len(bars)} bars and {len(ticks)} decade labels in place")


if __name__ == "__main__":
    main()
