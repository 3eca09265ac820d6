import sys, urllib.request, urllib.parse, json, concurrent.futures
base, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def one(_):
    data = urllib.parse.urlencode({"grant_type":"password","username":"alice","password":"correct horse battery staple","client_id":"app","client_secret":"app-secret-for-tests"}).encode()
    return json.load(urllib.request.urlopen(base + "/oauth2/token", data))["refresh_token"]
with concurrent.futures.ThreadPoolExecutor(2) as ex:
    toks = list(ex.map(one, range(n)))
open(out, "w").write("\n".join(toks) + "\n")
