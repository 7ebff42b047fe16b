#!/usr/bin/python3
"""The same window requests as org.rios.examples.bench.JniParityBenchmark through GDAL's Python bindings
(a thin layer over GDAL's C API): every 256 x 256 window of all bands read as UInt16, then written into an
uncompressed tiled GTiff. Prints a RESULT line with the read and write seconds.

Usage: scripts/jni-parity.py in.tif out.tif      (needs Debian's python3-gdal)"""
import sys
import time
from osgeo import gdal

WINDOW = 256
gdal.UseExceptions()
gdal.SetCacheMax(64 << 20)
src = gdal.Open(sys.argv[1])
w, h, nb = src.RasterXSize, src.RasterYSize, src.RasterCount
bands = list(range(1, nb + 1))
dst = gdal.GetDriverByName("GTiff").Create(sys.argv[2], w, h, nb, gdal.GDT_UInt16, ["TILED=YES", "INTERLEAVE=BAND"])
read = write = 0.0
checksum = 0
for y in range(0, h, WINDOW):
    for x in range(0, w, WINDOW):
        xs, ys = min(WINDOW, w - x), min(WINDOW, h - y)
        t0 = time.perf_counter()
        buf = src.ReadRaster(x, y, xs, ys, buf_type=gdal.GDT_UInt16, band_list=bands)
        t1 = time.perf_counter()
        dst.WriteRaster(x, y, xs, ys, buf, buf_type=gdal.GDT_UInt16, band_list=bands)
        t2 = time.perf_counter()
        read += t1 - t0
        write += t2 - t1
        checksum += int.from_bytes(buf[0:2], "little", signed=True)
t3 = time.perf_counter()
dst.FlushCache()
dst = None
src = None
write += time.perf_counter() - t3
print("RESULT lang=python read=%.3f write=%.3f checksum=%d" % (read, write, checksum))
