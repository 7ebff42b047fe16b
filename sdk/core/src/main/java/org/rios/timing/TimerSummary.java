package org.rios.timing;

import java.io.Serializable;

/**
 * Summary of all intervals recorded under one timer name: total, extremes and quartiles (linear
 * interpolation between order statistics, as numpy's default percentile), and the count.
 */
public record TimerSummary(double tot, double min, double max, double lower, double median, double upper, int n)
    implements Serializable {}
