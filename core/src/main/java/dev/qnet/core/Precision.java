package dev.qnet.core;

/**
 * The arithmetic of a training run's convolutions and matrix products: {@code fp32} throughout,
 * or {@code bf16} (bfloat16 activations and weights into oneDNN's BF16 kernels, with float32
 * master weights, optimizer state, loss, reductions and batch-norm statistics). A CPU without
 * BF16 support trains in fp32 with a one-line notice.
 */
public enum Precision implements Keyword {
    FP32, BF16;
}
