/**
 * Optimizers that turn gradients into parameter updates: {@link org.nnlab.optim.Sgd} (plain, momentum,
 * Nesterov), {@link org.nnlab.optim.AdaGrad}, {@link org.nnlab.optim.RmsProp},
 * {@link org.nnlab.optim.AdaDelta}, {@link org.nnlab.optim.Adam}, all with optional L2 weight decay and an
 * L1 penalty ({@link org.nnlab.optim.Optimizer}); learning-rate schedules
 * ({@link org.nnlab.optim.LearningRateSchedule}: step, exponential, cosine); gradient clipping by global
 * norm and by value ({@link org.nnlab.optim.GradClip}). Update rules follow PyTorch's {@code torch.optim},
 * and the tests compare them with PyTorch's numbers.
 */
package org.nnlab.optim;
