package org.nnlab.kernel.magic;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %maven group:artifact:version}: resolves an artifact and its runtime dependencies from Maven
 * Central (or {@code NNLAB_MAVEN_REPOSITORY}) into the local Maven repository ({@code ~/.m2/repository},
 * or {@code NNLAB_MAVEN_LOCAL}), and returns the jar files.
 */
final class MavenResolver {

    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private MavenResolver() {
    }

    static String remoteUrl() {
        String url = System.getenv("NNLAB_MAVEN_REPOSITORY");
        return url == null || url.isBlank() ? CENTRAL : url;
    }

    static Path localRepository() {
        String local = System.getenv("NNLAB_MAVEN_LOCAL");
        return local == null || local.isBlank()
                ? Path.of(System.getProperty("user.home"), ".m2", "repository") : Path.of(local);
    }

    static List<Path> resolve(String coordinates) throws MagicException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new MagicException("%maven expects group:artifact:version (for example "
                    + "org.apache.commons:commons-math3:3.6.1), got '" + coordinates + "'");
        }
        RepositorySystem system = new RepositorySystemSupplier().get();
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session,
                new LocalRepository(localRepository().toFile())));
        RemoteRepository remote = new RemoteRepository.Builder("central", "default", remoteUrl()).build();
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), List.of(remote));
        DependencyRequest request = new DependencyRequest(collect,
                DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                jars.add(result.getArtifact().getFile().toPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new MagicException("%maven could not resolve " + coordinates + " from " + remoteUrl()
                    + ". Is this machine offline, or is the name or version wrong? "
                    + "(details: " + rootMessage(e) + ")");
        } finally {
            system.shutdown();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
