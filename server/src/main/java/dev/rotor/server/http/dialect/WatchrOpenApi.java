package dev.rotor.server.http.dialect;

/**
 * The OpenAPI 3.1 document of the watchr dialect. Its {@code /auth/refresh} entry is the seed's (004): operationId
 * {@code post_auth_refresh}, the optional {@code refresh_token} cookie parameter, schemas {@code AccessToken},
 * {@code HTTPValidationError} and {@code ValidationError}.
 */
final class WatchrOpenApi {

    private WatchrOpenApi() {
    }

    private static final String TEMPLATE = """
            {"openapi":"3.1.0","info":{"title":"Watchr","version":"0.0.0"},"servers":[],"security":[],
            "paths":{
            "PFX/auth/login":{"post":{"tags":["Authentication"],"summary":"Login","operationId":"post_auth_login",
              "requestBody":{"required":true,"content":{"application/x-www-form-urlencoded":{"schema":{"$ref":"#/components/schemas/Body_post_auth_login"}}}},
              "responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/AccessToken"}}}},
              "422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}}}},
            "PFX/auth/refresh":{"post":{"tags":["Authentication"],"summary":"Refresh Access Token","operationId":"post_auth_refresh",
              "parameters":[{"name":"refresh_token","in":"cookie","required":false,"schema":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Refresh Token"}}],
              "responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/AccessToken"}}}},
              "422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}}}},
            "PFX/auth/logout":{"post":{"tags":["Authentication"],"summary":"Logout","operationId":"post_auth_logout",
              "parameters":[{"name":"refresh_token","in":"cookie","required":false,"schema":{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Refresh Token"}}],
              "responses":{"204":{"description":"Successful Response"},
              "422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}}}}},
            "components":{"schemas":{
            "AccessToken":{"properties":{"access_token":{"type":"string","title":"Access Token"},"token_type":{"type":"string","title":"Token Type"}},"type":"object","required":["access_token","token_type"],"title":"AccessToken"},
            "Body_post_auth_login":{"properties":{"username":{"type":"string","title":"Username"},"password":{"type":"string","title":"Password"}},"type":"object","required":["username","password"],"title":"Body_post_auth_login"},
            "HTTPValidationError":{"properties":{"detail":{"items":{"$ref":"#/components/schemas/ValidationError"},"type":"array","title":"Detail"}},"type":"object","title":"HTTPValidationError"},
            "ValidationError":{"properties":{"loc":{"items":{"anyOf":[{"type":"string"},{"type":"integer"}]},"type":"array","title":"Location"},"msg":{"type":"string","title":"Message"},"type":{"type":"string","title":"Error Type"},"input":{"title":"Input"},"ctx":{"type":"object","title":"Context"}},"type":"object","required":["loc","msg","type"],"title":"ValidationError"}}}}
            """;

    static String document(String prefix) {
        String json = TEMPLATE.replace("PFX", prefix).replace("\n", "");
        return json;
    }
}
