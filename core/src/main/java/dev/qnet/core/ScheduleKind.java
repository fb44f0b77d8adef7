package dev.qnet.core;

/** Learning-rate schedules per epoch: step decay, cosine to a floor over the run, constant. */
public enum ScheduleKind implements Keyword {
    STEP, COSINE, CONSTANT;
}
