/**
 * Scalar automatic differentiation for the computation-graph lesson: {@link org.nnlab.autograd.Value}
 * records every operation in a graph and runs the chain rule backwards through it
 * ({@link org.nnlab.autograd.Value#backward()}); {@link org.nnlab.autograd.Graph} draws that graph as
 * SVG with data and grad on each node.
 */
package org.nnlab.autograd;
