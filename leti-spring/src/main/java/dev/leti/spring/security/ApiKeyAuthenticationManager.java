package dev.leti.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/** The reader key grants the reader role; the writer key both roles; anything else is a bad credential. */
class ApiKeyAuthenticationManager implements AuthenticationManager {

    static final String READER = "READER";
    static final String WRITER = "WRITER";

    private final byte[] readKey;
    private final byte[] writeKey;

    ApiKeyAuthenticationManager(ApiKeyProperties keys) {
        this.readKey = keys.readKey().getBytes(StandardCharsets.UTF_8);
        this.writeKey = keys.writeKey().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        byte[] key = String.valueOf(presented.getCredentials()).getBytes(StandardCharsets.UTF_8);
        // Both compared in constant time: timing tells nothing about either key.
        boolean writer = MessageDigest.isEqual(writeKey, key);
        boolean reader = MessageDigest.isEqual(readKey, key);
        List<String> roles = writer ? List.of(WRITER, READER) : reader ? List.of(READER) : List.of();
        if (roles.isEmpty()) {
            throw new BadCredentialsException("wrong API key");
        }
        return new PreAuthenticatedAuthenticationToken(roles.get(0).toLowerCase(), null,
                AuthorityUtils.createAuthorityList(roles.stream().map(role -> "ROLE_" + role).toList()));
    }
}
