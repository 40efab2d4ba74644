package io.deepsnn.network.graph;

import java.util.Arrays;
import java.util.List;

/**
 * One node of a {@link Graph}: an op applied to the outputs of earlier nodes.
 *
 * @param id position in the graph's topological order
 * @param name the name the node had in the imported model (used in every error message)
 * @param op what the node computes
 * @param inputs ids of the nodes it reads, all smaller than {@code id}
 * @param shape the inferred output shape
 */
public record Node(int id, String name, Op op, int[] inputs, Shape shape) {

  /** Input ids as a list. */
  public List<Integer> inputList() {
    return Arrays.stream(inputs).boxed().toList();
  }

  /** The single input of a one-input op. */
  public int input() {
    return inputs[0];
  }

  /** {@code 'name' (kind)}, the form used in messages. */
  public String describe() {
    return "'" + name + "' (" + op.kind() + ")";
  }

  @Override
  public String toString() {
    return "#" + id + " " + name + " " + op + " <- " + Arrays.toString(inputs) + " : " + shape;
  }
}
