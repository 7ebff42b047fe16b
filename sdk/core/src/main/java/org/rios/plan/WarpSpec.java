package org.rios.plan;

import java.io.Serializable;

/**
 * How one input is reprojected onto the working grid (a GDAL warped VRT whose extent and pixel size are the
 * working grid's). Each reading thread builds its own VRT from this, so the plan stays a plain value that
 * any process can use.
 *
 * @param srcWkt source projection (after the GDA94 fix)
 * @param resampleMethod gdalwarp resampling name
 * @param nodata space-separated per-band null values used as source and destination NoData, or null
 * @param allowOverviews let GDAL read source overviews ({@code -ovr AUTO}) instead of {@code -ovr NONE}
 * @param pixelType GDAL name of the type the input is read as ({@code -ot}): without it every band of GDAL's
 *     warped VRT takes the type of the file's first band, so a Float32 band of a file whose first band is
 *     Byte was clamped to 0..255
 */
public record WarpSpec(String srcWkt, String resampleMethod, String nodata, boolean allowOverviews,
    String pixelType) implements Serializable {}
