/**
 * How many threads a qnet process computes with, and how concurrent qnet jobs share the cores.
 *
 * <p>{@link dev.qnet.runtime.threads.ComputeThreads} applies one count to every pool that does
 * numeric work; {@link dev.qnet.runtime.threads.ThreadBudget} decides the count: fixed by
 * {@code --threads N}, or a fair share of the cores among the qnet jobs running on the machine.
 */
package dev.qnet.runtime.threads;
