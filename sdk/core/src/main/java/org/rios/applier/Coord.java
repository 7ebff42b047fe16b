package org.rios.applier;

import java.io.Serializable;

/** A map coordinate in the working grid's projection. */
public record Coord(double x, double y) implements Serializable {}
