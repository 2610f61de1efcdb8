/** A user's modular application. It opens its package to mp4j so that pool workers can call its lambdas directly. */
module com.example.modular {
    requires dev.mp4j;
    opens com.example.modular to dev.mp4j;
}
