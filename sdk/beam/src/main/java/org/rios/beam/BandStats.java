package org.rios.beam;

import java.io.Serializable;

/** One band's basic statistics as written into the output's metadata (GDAL's STATISTICS_* items). */
public record BandStats(double min, double max, double mean, double stddev) implements Serializable {}
