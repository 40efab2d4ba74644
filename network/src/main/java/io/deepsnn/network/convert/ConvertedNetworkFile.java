package io.deepsnn.network.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.io.AtomicFiles;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.onnx.OnnxExporter;
import io.deepsnn.network.onnx.OnnxImportException;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.protocol.snn.SnnFileProto;
import io.deepsnn.protocol.snn.SnnFileProto.SnnEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code .snn} files: a versioned {@code SnnEnvelope} (see
 * {@code snn_file.proto}) holding the {@link ConvertedNetwork} and the SHA-256 of its bytes.
 */
public final class ConvertedNetworkFile {
  /** Value of the envelope's magic field. */
  public static final String MAGIC = "deepsnn-converted-network";
  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private ConvertedNetworkFile() {
  }

  /** Writes {@code net} to {@code file} atomically. */
  public static void write(ConvertedNetwork net, Path file) throws IOException {
    byte[] payload = toProto(net).toByteArray();
    SnnEnvelope env = SnnEnvelope.newBuilder().setMagic(MAGIC).setFormatVersion(FORMAT_VERSION)
        .setPayload(ByteString.copyFrom(payload)).setPayloadSha256(ByteString.copyFrom(sha256(payload))).build();
    AtomicFiles.write(file, env::writeTo);
  }

  /**
   * Reads a converted network.
   *
   * @throws SnnFileException naming the file when it is missing, of another version, truncated or corrupt
   */
  public static ConvertedNetwork read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SnnFileException(file + ": no such file");
    } catch (IOException e) {
      throw new SnnFileException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    SnnEnvelope env;
    try {
      env = SnnEnvelope.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new SnnFileException(file + ": not a DeepSNN converted network, or a truncated one", e);
    }
    if (!MAGIC.equals(env.getMagic())) {
      throw new SnnFileException(file + ": not a DeepSNN converted network (run 'snn convert' to make one)");
    }
    if (env.getFormatVersion() != FORMAT_VERSION) {
      throw new SnnFileException(file + ": format version " + env.getFormatVersion() + "; this DeepSNN reads version "
          + FORMAT_VERSION + " (convert the model again with this version)");
    }
    byte[] payload = env.getPayload().toByteArray();
    if (!MessageDigest.isEqual(sha256(payload), env.getPayloadSha256().toByteArray())) {
      throw new SnnFileException(file + ": corrupted (checksum mismatch)");
    }
    try {
      return fromProto(SnnFileProto.ConvertedNetwork.parseFrom(payload), file.toString());
    } catch (InvalidProtocolBufferException e) {
      throw new SnnFileException(file + ": corrupted payload", e);
    }
  }

  static SnnFileProto.ConvertedNetwork toProto(ConvertedNetwork net) {
    Provenance p = net.provenance();
    ConversionInfo c = net.conversion();
    SnnFileProto.ConvertedNetwork.Builder b = SnnFileProto.ConvertedNetwork.newBuilder()
        .setProvenance(SnnFileProto.Provenance.newBuilder().setTool(p.tool()).setToolVersion(p.toolVersion())
            .setCreatedAt(p.createdAt()).setSourceModel(p.sourceModel()).setSourceModelSha256(p.sourceModelSha256())
            .setCommand(p.command()).setCalibrationData(p.calibrationData()))
        .setModel(OnnxExporter.toModel(net.graph(), Map.of()))
        .setConversion(SnnFileProto.Conversion.newBuilder().setMethod(c.method()).setPercentile(c.percentile())
            .setCalibrationImages(c.calibrationImages()).setCalibrationSteps(c.calibrationSteps())
            .setResidualPolicy(c.residualPolicy()).setInputScaleRule(c.inputScaleRule()).setInputScale(c.inputScale())
            .setInputMode(c.inputMode()).setReset(c.reset()).setSeed(c.seed()).setCalibrationSeed(c.calibrationSeed())
            .setCalibrationRandom(c.calibrationRandom()).setSeconds(c.seconds()).setVInit(c.vInit())
            .setCalibration(c.calibration()).setCalibrationTargetSteps(c.calibrationTargetSteps()))
        .addAllClassNames(net.classNames());
    SnnFileProto.InputNormalization.Builder n = SnnFileProto.InputNormalization.newBuilder();
    for (double m : net.normalization().mean()) {
      n.addMean(m);
    }
    for (double s : net.normalization().std()) {
      n.addStd(s);
    }
    b.setNormalization(n);
    for (LayerThreshold t : net.layers()) {
      SnnFileProto.LayerThreshold.Builder lt = SnnFileProto.LayerThreshold.newBuilder().setLayer(t.layer())
          .setName(t.name()).setThreshold(t.threshold()).setMeasured(t.measured()).setUnity(t.unity())
          .setNote(t.note()).setSourceScale(t.sourceScale());
      if (t.biasCorrection() != null) {
        for (double v : t.biasCorrection()) {
          lt.addBiasCorrection(v);
        }
      }
      b.addThresholds(lt);
    }
    return b.build();
  }

  static ConvertedNetwork fromProto(SnnFileProto.ConvertedNetwork m, String source) {
    Graph graph;
    try {
      graph = new OnnxImporter(ImportOptions.defaults()).importModel(m.getModel(), source + " (embedded model)").graph();
    } catch (OnnxImportException e) {
      throw new SnnFileException(e.getMessage(), e);
    }
    SpikingNetwork net = SpikingNetwork.compile(graph);
    if (m.getThresholdsCount() != net.size() - 1) {
      throw new SnnFileException(source + ": holds " + m.getThresholdsCount() + " thresholds for a network of "
          + (net.size() - 1) + " spiking layers");
    }
    List<LayerThreshold> layers = new ArrayList<>();
    for (SnnFileProto.LayerThreshold t : m.getThresholdsList()) {
      if (t.getLayer() < 1 || t.getLayer() >= net.size() || !net.layer(t.getLayer()).name().equals(t.getName())) {
        throw new SnnFileException(source + ": threshold for layer " + t.getLayer() + " ('" + t.getName()
            + "') does not match the embedded model");
      }
      double[] correction = null;
      if (t.getBiasCorrectionCount() > 0) {
        int channels = net.layer(t.getLayer()).shape().channels();
        if (t.getBiasCorrectionCount() != channels) {
          throw new SnnFileException(source + ": layer " + t.getLayer() + " ('" + t.getName() + "') has a bias "
              + "correction of " + t.getBiasCorrectionCount() + " channels for " + channels);
        }
        correction = t.getBiasCorrectionList().stream().mapToDouble(Double::doubleValue).toArray();
      }
      layers.add(new LayerThreshold(t.getLayer(), t.getName(), t.getMeasured(), t.getSourceScale(), t.getThreshold(),
          t.getUnity(), t.getNote(), correction));
    }
    SnnFileProto.Conversion c = m.getConversion();
    ConversionInfo info = new ConversionInfo(c.getMethod(), c.getPercentile(), c.getCalibrationImages(),
        c.getCalibrationSteps(), c.getResidualPolicy(), c.getInputScaleRule(), c.getInputScale(), c.getInputMode(),
        c.getReset(), c.getSeed(), c.getCalibrationSeed(), c.getCalibrationRandom(), c.getSeconds(), c.getVInit(),
        c.getCalibration().isEmpty() ? "none" : c.getCalibration(), c.getCalibrationTargetSteps());
    SnnFileProto.InputNormalization n = m.getNormalization();
    Normalization norm = new Normalization(n.getMeanList().stream().mapToDouble(Double::doubleValue).toArray(),
        n.getStdList().stream().mapToDouble(Double::doubleValue).toArray());
    SnnFileProto.Provenance p = m.getProvenance();
    Provenance prov = new Provenance(p.getTool(), p.getToolVersion(), p.getCreatedAt(), p.getSourceModel(),
        p.getSourceModelSha256(), p.getCommand(), p.getCalibrationData());
    return new ConvertedNetwork(graph, layers, info, norm, List.copyOf(m.getClassNamesList()), prov);
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Lower-case hex SHA-256 of a file's content (the provenance of a model, the key of cached runs). */
  public static String sha256Hex(Path file) throws IOException {
    return hex(sha256(Files.readAllBytes(file)));
  }

  /** Lower-case hex of {@code bytes}. */
  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }
}
