/**
 * The training loop: {@link org.nnlab.train.Trainer} runs mini-batch gradient descent with shuffling,
 * validation, learning-rate schedules, early stopping and {@link org.nnlab.train.Callback callbacks}, and
 * returns a {@link org.nnlab.train.History} of loss and metric per epoch.
 */
package org.nnlab.train;
