package validators

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/kubegen/kubegen/generators/codetags"
)

const (
	alphaTagName = "k8s:alpha"
	betaTagName  = "k8s:beta"
)

func init() {
	register(
		func() TagValidator { return &levelTag{tag: alphaTagName, level: Alpha} },
		func() TagValidator { return &levelTag{tag: betaTagName, level: Beta} },
	)
}

// kubeVersion is the form of +k8s:alpha(since: ...)'s argument.
var kubeVersion = regexp.MustCompile(`^\d+\.\d+$`)

// levelTag implements +k8s:alpha and +k8s:beta: the nested tag's calls
// are marked with the level (unless they manage their stability
// themselves), and the nested tag sees the level in its Context.
type levelTag struct {
	tag       string
	level     Stability
	extractor *Registry
}

func (l *levelTag) Init(cfg Config) { l.extractor = cfg.Extractor }

func (l *levelTag) TagName() string { return l.tag }

func (l *levelTag) ValidScopes() []Scope {
	return []Scope{ScopeListVal, ScopeMapKey, ScopeMapVal, ScopeField, ScopeType}
}

func (l *levelTag) GetValidations(ctx Context, tag codetags.Tag) (Validations, error) {
	if tag.ValueType != codetags.ValueTag || tag.ValueTag == nil {
		return Validations{}, errors.New("requires a validation tag as its value payload")
	}
	if len(tag.Args) > 1 {
		return Validations{}, errors.New("at most one optional kubernetes version argument is supported")
	}
	if len(tag.Args) == 1 && !kubeVersion.MatchString(tag.Args[0].Value) {
		return Validations{}, &TagError{Pos: tag.Args[0].Pos,
			Err: fmt.Errorf("invalid kubernetes version format, expected <major>.<minor>, got %s", tag.Args[0].Value)}
	}
	ctx.Stability = l.level
	v, err := l.extractor.ExtractValidations(ctx, *tag.ValueTag)
	if err != nil {
		return Validations{}, err
	}
	return MapCalls(v, func(c Call, _ DeferredScope) Call {
		if !c.StabilitySelfManaged {
			c.Stability = l.level
		}
		return c
	}), nil
}

func (l *levelTag) Docs() TagDoc {
	return TagDoc{
		Tag:         l.tag,
		Stability:   TagBeta,
		Scopes:      l.ValidScopes(),
		Description: fmt.Sprintf("Marks the given payload validation as a %s validation of the handwritten validation code. An optional Kubernetes version can be specified.", l.level),
		Args: []TagArgDoc{{
			Name:        "since",
			Description: "The Kubernetes version (e.g. `1.34`) at which this validation was added.",
			Type:        codetags.ArgString,
		}},
		Payloads: []TagPayloadDoc{{
			Description: "<validation-tag>",
			Docs:        fmt.Sprintf("The validation tag to evaluate as a %s validation.", l.level),
		}},
		PayloadsType:     codetags.ValueTag,
		PayloadsRequired: true,
	}
}
