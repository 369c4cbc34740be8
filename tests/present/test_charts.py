"""The chart exports: the fast PNG writer must give exactly the pixels matplotlib's own savefig gives."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from PIL import Image

from hscp_nb.present import charts


def _trend():
    series = pd.DataFrame(
        {
            "year": ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22"],
            "partnership": [10.0, 11.2, 12.1, 13.0, 12.4, 11.1],
            "scotland": [11, 11.5, 12, 12, 12.5, 13],
            "peer": [9, 10, 11, 12, 12, 12],
        }
    )
    return charts.trend_chart(
        series,
        title="Emergency admissions have fallen since 2019/20",
        unit="per 100,000",
        source="Source: test",
        labels={"partnership": "Moray", "scotland": "Scotland", "peer": "Peer group"},
    )


def test_png_writer_gives_savefigs_pixels_and_300_dpi():
    reference = io.BytesIO()
    _trend().savefig(reference, format="png", dpi=300)
    expected = np.asarray(Image.open(reference))
    written = charts.png_bytes(_trend(), dpi=300)
    Image.open(io.BytesIO(written)).verify()  # chunk CRCs and the zlib stream are sound
    image = Image.open(io.BytesIO(written))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.size == (round(charts.A4_WIDTH_IN * 300), round(2.9 * 300))
    assert np.array_equal(np.asarray(image), expected)
    assert [round(d) for d in image.info["dpi"]] == [300, 300]
