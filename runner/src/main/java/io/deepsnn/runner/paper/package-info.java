/** The paper's experiments on CIFAR-10 and the page they write, docs/RESULTS.md. */
package io.deepsnn.runner.paper;
