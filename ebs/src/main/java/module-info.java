/**
 * Snapfork's AWS EBS backend: {@link dev.snapfork.ebs.EbsSnapshotProvider} (EC2 snapshot
 * lifecycle) and {@link dev.snapfork.ebs.EbsBlockData} (EBS direct block I/O). Package
 * {@code dev.snapfork.ebs.internal} is not API.
 */
module dev.snapfork.ebs {
  requires transitive dev.snapfork.api;
  requires org.slf4j;
  requires transitive software.amazon.awssdk.services.ec2;
  requires transitive software.amazon.awssdk.services.ebs;
  requires transitive software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.apache;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.utils;
  requires software.amazon.awssdk.protocols.jsoncore;
  requires software.amazon.awssdk.endpoints;
  requires org.apache.httpcomponents.httpclient;
  requires org.apache.httpcomponents.httpcore;

  exports dev.snapfork.ebs;

  provides dev.snapfork.spi.SnapshotProviderFactory with dev.snapfork.ebs.internal.EbsProviderFactory;
}
