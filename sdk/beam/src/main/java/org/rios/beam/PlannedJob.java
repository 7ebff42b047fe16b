package org.rios.beam;

import java.io.Serializable;
import org.rios.plan.WorkingPlan;

/** A job and its plan, made on a worker by {@link PlanJobsFn}. */
record PlannedJob(RasterJob job, WorkingPlan plan) implements Serializable {}
