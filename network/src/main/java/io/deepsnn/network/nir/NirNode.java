package io.deepsnn.network.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of a NIR graph: its type name as NIR spells it ({@code Conv2d}, {@code IF}, …), its
 * parameter datasets, and its optional metadata.
 *
 * @param name the node's key in the graph
 * @param type NIR's type name
 * @param params parameter datasets by name (insertion order kept)
 * @param metadata the node's metadata datasets (may be empty)
 */
public record NirNode(String name, String type, Map<String, NirTensor> params, Map<String, NirTensor> metadata) {
  /** Copies the maps, keeping their order. */
  public NirNode {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** {@code 'name' (type)}, the form used in messages. */
  public String describe() {
    return "'" + name + "' (" + type + ")";
  }

  /** A parameter, or a {@link NirException} naming the node and the missing dataset. */
  public NirTensor param(String key) {
    NirTensor t = params.get(key);
    if (t == null) {
      throw new NirException("node " + describe() + " has no '" + key + "' dataset");
    }
    return t;
  }

  /** Whether the parameter is present. */
  public boolean has(String key) {
    return params.containsKey(key);
  }
}
