package nl.samenspel.pipelines.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in the test JVM: Hadoop's {@link MiniDFSCluster} (one NameNode, one DataNode) on
 * the loopback address, its storage under a test folder. Child processes reach it at
 * {@link #uri()} like any HDFS.
 */
public final class MiniDfs implements AutoCloseable {

  private final MiniDFSCluster cluster;

  private MiniDfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
  }

  /** Starts a cluster with its storage in {@code base}. */
  public static MiniDfs start(Path base) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1)
        .nameNodeHttpPort(0).build();
    cluster.waitActive();
    return new MiniDfs(cluster);
  }

  /** {@code hdfs://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
  }

  /** A location on this HDFS: {@code hdfs://127.0.0.1:PORT/PATH}. */
  public Location location(String path) {
    return Location.parse(uri() + "/" + path.replaceFirst("^/", ""), Path.of("."), "test");
  }

  public FileSystem fileSystem() throws IOException {
    return cluster.getFileSystem();
  }

  /** Copies a local folder into HDFS at {@code target}. */
  public void upload(Path local, Location target) throws IOException {
    fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
        new org.apache.hadoop.fs.Path(target.uri()));
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
