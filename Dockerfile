# Multi-stage build: Maven builds the shaded jar, a JRE image runs it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app acrwatch
WORKDIR /app
COPY --from=build /src/target/acr-watch.jar /app/acr-watch.jar
COPY bin/acr-watch /app/bin/acr-watch
COPY config /app/config
ENV ACR_WATCH_JAR=/app/acr-watch.jar
USER 10001
EXPOSE 9464
ENTRYPOINT ["/app/bin/acr-watch"]
# The demo by default; mount a config and run `run --config /etc/acr-watch/acr-watch.yaml` for real.
CMD ["demo", "--metrics-address", "0.0.0.0", "--port", "9464", "--duration", "24h"]
