/** A chatsync storage provider for Amazon S3 and S3-compatible services, on the AWS SDK for Java v2. */
module io.tinywide.chatsync.provider.s3 {
    requires io.tinywide.chatsync.core;
    requires org.slf4j;
    requires transitive software.amazon.awssdk.auth;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http.apache;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.retries;

    exports io.tinywide.chatsync.provider.s3;

    provides io.tinywide.chatsync.core.port.out.StorageProvider
            with io.tinywide.chatsync.provider.s3.S3Provider;
}
