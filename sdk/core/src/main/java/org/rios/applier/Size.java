package org.rios.applier;

import java.io.Serializable;

/** A (x, y) pair of counts: columns and rows, or blocks across and down. */
public record Size(int x, int y) implements Serializable {}
