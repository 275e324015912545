/*
Copyright The kubegen Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

	http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
package v1

// Checksum is a digest with a hand-written deep copy, which deepcopy-gen
// keeps and calls.
type Checksum struct {
	Algorithm string
	Sum       []byte
}

// DeepCopyInto copies the receiver into out.
func (in *Checksum) DeepCopyInto(out *Checksum) {
	*out = *in
	if in.Sum != nil {
		out.Sum = make([]byte, len(in.Sum))
		copy(out.Sum, in.Sum)
	}
}

// DeepCopy returns a copy of the receiver.
func (in *Checksum) DeepCopy() *Checksum {
	if in == nil {
		return nil
	}
	out := new(Checksum)
	in.DeepCopyInto(out)
	return out
}
