package org.rios.concurrency.internal.channel;

import java.io.Serializable;
import org.rios.timing.Timers;

/** What a remote compute worker hands back when it is done: its otherArgs copy and its timers. */
public record WorkerResult(Serializable otherArgs, Timers timers) implements Serializable {}
