// pbdecode: reads a Kubernetes protobuf-encoded object (with the "k8s\x00" envelope) as hex on
// stdin and prints the typed object re-encoded as JSON (the way the apiserver would see it).
package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/client-go/kubernetes/scheme"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		panic(err)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(in)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad hex:", err)
		os.Exit(2)
	}
	obj, gvk, err := scheme.Codecs.UniversalDeserializer().Decode(raw, nil, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "decode:", err)
		os.Exit(3)
	}
	obj.GetObjectKind().SetGroupVersionKind(*gvk)
	s := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme.Scheme, scheme.Scheme, json.SerializerOptions{})
	if err := s.Encode(obj, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "encode:", err)
		os.Exit(4)
	}
	_ = runtime.Unknown{}
}
