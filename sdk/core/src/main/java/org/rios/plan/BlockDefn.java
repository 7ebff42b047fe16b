package org.rios.plan;

import java.io.Serializable;

/**
 * One block of the working grid: its position in the block list, and its pixel window (without overlap
 * margin) in working-grid rows and columns. Blocks are ordered row-major, top to bottom, left to right.
 */
public record BlockDefn(int index, int top, int left, int nrows, int ncols) implements Serializable {}
